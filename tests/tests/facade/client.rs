//! `clerk::client` against the mock.
