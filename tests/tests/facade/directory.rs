//! `clerk::directory` against the mock.
