//! Multipart uploads (profile images and logos): the file type, and the form encoding.
//!
//! The form is encoded into one buffer, so an upload can be retried like any request.

use std::fmt;

use bytes::Bytes;
use http::HeaderValue;

use crate::http::call::Body;
use crate::http::error::{Error, Result};

/// A file to upload: its bytes, file name and content type (e.g. `image/png`).
#[derive(Clone, PartialEq, Eq)]
pub struct Upload {
    /// The file's content.
    pub bytes: Vec<u8>,
    /// The file name sent with it.
    pub file_name: String,
    /// Its MIME type.
    pub content_type: String,
}

impl Upload {
    /// An upload of `bytes` named `file_name` with type `content_type`.
    pub fn new(
        bytes: impl Into<Vec<u8>>,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
    ) -> Self {
        Upload {
            bytes: bytes.into(),
            file_name: file_name.into(),
            content_type: content_type.into(),
        }
    }
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Upload")
            .field("bytes", &format_args!("{} bytes", self.bytes.len()))
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// A `multipart/form-data` body under construction.
pub(crate) struct Multipart {
    boundary: String,
    buf: Vec<u8>,
}

impl Multipart {
    pub(crate) fn new() -> Multipart {
        let random: String = std::iter::repeat_with(fastrand::alphanumeric)
            .take(32)
            .collect();
        Multipart {
            boundary: format!("clerk-rust-{random}"),
            buf: Vec::new(),
        }
    }

    /// Adds a text field.
    pub(crate) fn text(&mut self, name: &str, value: &str) {
        self.open_part(name, None);
        self.buf.extend_from_slice(b"\r\n");
        self.buf.extend_from_slice(value.as_bytes());
        self.buf.extend_from_slice(b"\r\n");
    }

    /// Adds a file field; its content type must be a MIME type.
    pub(crate) fn file(&mut self, name: &str, file: &Upload) -> Result<()> {
        if !is_mime_type(&file.content_type) {
            return Err(Error::InvalidRequest(format!(
                "content type {:?} is not a MIME type",
                file.content_type
            )));
        }
        self.open_part(name, Some(&file.file_name));
        self.buf.extend_from_slice(b"Content-Type: ");
        self.buf
            .extend_from_slice(file.content_type.trim().as_bytes());
        self.buf.extend_from_slice(b"\r\n\r\n");
        self.buf.extend_from_slice(&file.bytes);
        self.buf.extend_from_slice(b"\r\n");
        Ok(())
    }

    fn open_part(&mut self, name: &str, file_name: Option<&str>) {
        self.buf.extend_from_slice(b"--");
        self.buf.extend_from_slice(self.boundary.as_bytes());
        self.buf
            .extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
        self.buf.extend_from_slice(escape(name).as_bytes());
        self.buf.push(b'"');
        if let Some(file_name) = file_name {
            self.buf.extend_from_slice(b"; filename=\"");
            self.buf.extend_from_slice(escape(file_name).as_bytes());
            self.buf.push(b'"');
        }
        self.buf.extend_from_slice(b"\r\n");
    }

    /// The finished body with its `Content-Type` (and boundary).
    pub(crate) fn finish(mut self) -> Body {
        self.buf.extend_from_slice(b"--");
        self.buf.extend_from_slice(self.boundary.as_bytes());
        self.buf.extend_from_slice(b"--\r\n");
        let content_type = format!("multipart/form-data; boundary={}", self.boundary);
        Body {
            content_type: HeaderValue::try_from(content_type)
                .expect("the boundary is alphanumeric"),
            bytes: Bytes::from(self.buf),
        }
    }
}

/// Field and file names as browsers send them: `"`, CR and LF percent-encoded, so a name
/// cannot end its header or start another.
fn escape(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// `type/subtype` made of RFC 7230 token characters, optionally followed by parameters,
/// without control characters.
fn is_mime_type(value: &str) -> bool {
    let value = value.trim();
    if value.chars().any(|c| c.is_control()) {
        return false;
    }
    let essence = value.split(';').next().unwrap_or("").trim();
    let token = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
    };
    matches!(essence.split_once('/'), Some((t, s)) if token(t) && token(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_encoded_with_escaped_names() {
        let mut form = Multipart::new();
        form.text("uploader_user_id", "user_1");
        form.file(
            "file",
            &Upload::new(b"\x89PNG".to_vec(), "a\"b\r\nc.png", "image/png"),
        )
        .unwrap();
        let boundary = form.boundary.clone();
        let body = form.finish();
        assert_eq!(
            body.content_type.to_str().unwrap(),
            format!("multipart/form-data; boundary={boundary}")
        );
        let expected = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"uploader_user_id\"\r\n\r\nuser_1\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a%22b%0D%0Ac.png\"\r\n\
             Content-Type: image/png\r\n\r\n\u{FFFD}PNG\r\n--{boundary}--\r\n"
        );
        assert_eq!(String::from_utf8_lossy(&body.bytes), expected);
    }

    #[test]
    fn content_types_must_be_mime_types() {
        for ok in ["image/png", "image/svg+xml", "text/plain; charset=utf-8"] {
            assert!(is_mime_type(ok), "{ok}");
        }
        for bad in [
            "png",
            "image/",
            "/png",
            "image/png\r\nX-Evil: 1",
            "image png/x",
            "",
        ] {
            assert!(!is_mime_type(bad), "{bad:?}");
            let err = Multipart::new()
                .file("file", &Upload::new(vec![], "f", bad))
                .unwrap_err();
            assert!(matches!(err, Error::InvalidRequest(_)));
        }
    }
}
