//! `clerk::admin_portal_link_token` against the mock.
