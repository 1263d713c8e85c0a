//! `clerk::organization_membership` against the mock.
