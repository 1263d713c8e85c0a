//! The multipart uploads progenitor cannot generate (profile images and logos).

use std::fmt;

use clerk_raw::reqwest::{self, multipart};

use crate::http::error::{Error, Result};
use crate::http::transport::Shared;

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

impl Shared {
    /// Sends `file` as the form field `file` (plus text `fields`) to `segments` joined
    /// under the API URL, each segment percent-encoded, and decodes the JSON answer.
    pub(crate) async fn upload<T: serde::de::DeserializeOwned>(
        &self,
        method: reqwest::Method,
        segments: &[&str],
        file: &Upload,
        fields: &[(&'static str, Option<&String>)],
        operation_id: &'static str,
    ) -> Result<T> {
        let mut url = self.api_url.clone();
        for segment in segments {
            url.push('/');
            url.push_str(&clerk_raw::progenitor_client::encode_path(segment));
        }
        let part = multipart::Part::bytes(file.bytes.clone())
            .file_name(file.file_name.clone())
            .mime_str(&file.content_type)
            .map_err(|_| {
                Error::InvalidRequest(format!(
                    "content type {:?} is not a MIME type",
                    file.content_type
                ))
            })?;
        let mut form = multipart::Form::new().part("file", part);
        for (name, value) in fields {
            if let Some(value) = value {
                form = form.text(*name, (*value).clone());
            }
        }
        let request = self
            .http
            .request(method, url)
            .header(http::header::ACCEPT, "application/json")
            .multipart(form)
            .build()
            .map_err(|e| Error::InvalidRequest(e.to_string()))?;
        let body = self.send_raw(request, operation_id).await?;
        serde_json::from_slice(&body).map_err(|source| Error::Decode {
            body: String::from_utf8_lossy(&body).into_owned(),
            source,
        })
    }
}
