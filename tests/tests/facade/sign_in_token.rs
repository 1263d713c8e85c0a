//! `clerk::sign_in_token` against the mock.
