//! `clerk::invitation` against the mock.
