//! `clerk::interstitial` against the mock.
