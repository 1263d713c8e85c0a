//! Billing across the instance: plans and their prices, the subscription items users and
//! organizations pay for, and statements with their payment attempts. The Go SDK has no
//! twin; the billing of one user or organization is in [`crate::user`] and
//! [`crate::organization`]. See the Backend API reference:
//! <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::billing::*;

pub use crate::types::{
    BillingPaymentAttempt, BillingPriceResponse, BillingStatement,
    CommerceDiscountRedemptionResponse, CommercePlan, CommercePriceTransitionResponse,
    CommerceSubscriptionItem,
};
