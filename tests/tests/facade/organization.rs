//! `clerk::organization` against the mock.
