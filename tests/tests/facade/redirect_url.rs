//! `clerk::redirect_url` against the mock.
