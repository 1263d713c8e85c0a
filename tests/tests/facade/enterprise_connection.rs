//! `clerk::enterprise_connection` against the mock.
