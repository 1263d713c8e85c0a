//! `clerk::domain` against the mock.
