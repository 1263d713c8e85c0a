//! `clerk::email_address` against the mock.
