//! `clerk::jwks` against the mock.
