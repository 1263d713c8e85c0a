//! `clerk::billing` against the mock.
