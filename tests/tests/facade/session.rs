//! `clerk::session` against the mock.
