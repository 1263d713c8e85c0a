//! What authenticating reads of a request, whatever framework it comes from: the method,
//! the URL the browser asked for, the few headers that matter, and the cookies.

use url::Url;

use crate::auth::authenticate::cookie;

/// A request as authentication sees it. Built from `http` types (tower, axum) or from
/// actix-web's, which are other types for the same things.
#[derive(Debug, Default)]
pub(crate) struct RequestView<'a> {
    /// The method (`GET`, ...); empty when unknown (then never a page request).
    pub(crate) method: &'a str,
    /// The URL as the browser asked for it, when it can be told (see [`clerk_url`]).
    pub(crate) url: Option<Url>,
    pub(crate) authorization: Option<&'a [u8]>,
    pub(crate) cookies: Vec<&'a [u8]>,
    pub(crate) accept: Option<&'a str>,
    pub(crate) sec_fetch_dest: Option<&'a str>,
    pub(crate) referrer: Option<&'a str>,
}

impl<'a> RequestView<'a> {
    /// A view read through `header` (the first value of a header, by lowercase name) and
    /// `cookies` (every `Cookie` header).
    pub(crate) fn new(
        method: &'a str,
        path_and_query: &str,
        header: impl Fn(&str) -> Option<&'a [u8]>,
        cookies: Vec<&'a [u8]>,
    ) -> RequestView<'a> {
        let text = |name: &str| header(name).and_then(|v| std::str::from_utf8(v).ok());
        RequestView {
            method,
            url: clerk_url(
                path_and_query,
                text("x-forwarded-proto").or(text("cloudfront-forwarded-proto")),
                text("x-forwarded-host"),
                text("host"),
            ),
            authorization: header("authorization"),
            cookies,
            accept: text("accept"),
            sec_fetch_dest: text("sec-fetch-dest"),
            referrer: text("referer"),
        }
    }

    /// The first cookie called `name`, as [`cookie`] reads them.
    pub(crate) fn cookie(&self, name: &str) -> Option<&'a str> {
        cookie(self.cookies.iter().copied(), name).filter(|v| !v.is_empty())
    }

    /// The first value of the query parameter `name`.
    pub(crate) fn query(&self, name: &str) -> Option<String> {
        let url = self.url.as_ref()?;
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
            .filter(|v| !v.is_empty())
    }
}

/// The URL the browser asked for, as Clerk's JS SDK derives it (`deriveUrlFromHeaders`):
/// the first `X-Forwarded-Proto` and `X-Forwarded-Host` values when a proxy set them, else
/// `http` and the `Host` header. `None` when they do not make a URL with a plain host
/// (no user information, no path in the host): nothing is then redirected anywhere.
pub(crate) fn clerk_url(
    path_and_query: &str,
    forwarded_proto: Option<&str>,
    forwarded_host: Option<&str>,
    host: Option<&str>,
) -> Option<Url> {
    let first = |value: &str| value.split(',').next().unwrap_or("").trim().to_string();
    let proto = forwarded_proto.map(first).unwrap_or_else(|| "http".into());
    if proto != "http" && proto != "https" {
        return None;
    }
    let host = forwarded_host
        .map(first)
        .or_else(|| host.map(str::to_string))?;
    let plain = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    if !plain {
        return None;
    }
    let origin = Url::parse(&format!("{proto}://{host}/")).ok()?;
    // The path is joined to the origin, never parsed as a URL of its own: `//evil.com/x`
    // stays a path of this host.
    let mut url = origin.clone();
    let (path, query) = match path_and_query.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (path_and_query, None),
    };
    url.set_path(if path.is_empty() { "/" } else { path });
    url.set_query(query);
    (url.origin() == origin.origin()).then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_is_the_requests_own() {
        let url = |pq, proto, fhost, host| clerk_url(pq, proto, fhost, host).map(|u| u.to_string());
        assert_eq!(
            url("/a?b=1", None, None, Some("app.example.com")),
            Some("http://app.example.com/a?b=1".into())
        );
        assert_eq!(
            url(
                "/a",
                Some("https, http"),
                Some("app.example.com, proxy"),
                Some("10.0.0.1:3000")
            ),
            Some("https://app.example.com/a".into())
        );
        // A path that looks like another host stays a path of this one.
        assert_eq!(
            url("//evil.com/x", Some("https"), None, Some("app.example.com")),
            Some("https://app.example.com//evil.com/x".into())
        );
        for bad_host in [
            "evil.com/x",
            "user@evil.com",
            "a b",
            "",
            "evil.com?x",
            "evil.com#x",
            "evil.com\\x",
        ] {
            assert_eq!(url("/", None, None, Some(bad_host)), None, "{bad_host}");
        }
        assert_eq!(url("/", Some("javascript"), None, Some("a.com")), None);
        assert_eq!(url("/", None, None, None), None);
    }
}
