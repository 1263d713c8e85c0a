//! `clerk::instance_settings` against the mock.
