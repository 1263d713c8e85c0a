//! `clerk::oauth_application` against the mock.
