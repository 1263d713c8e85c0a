//! `clerk::api_key` against the mock.
