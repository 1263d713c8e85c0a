//! `clerk::proxy_check` against the mock.
