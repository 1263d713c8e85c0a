//! `clerk::machine` against the mock.
