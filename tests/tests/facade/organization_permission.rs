//! `clerk::organization_permission` against the mock.
