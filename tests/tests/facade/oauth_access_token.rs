//! `clerk::oauth_access_token` against the mock.
