//! `clerk::organization_invitation` against the mock.
