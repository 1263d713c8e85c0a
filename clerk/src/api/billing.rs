//! Billing across the instance: plans and their prices, the subscription items users and
//! organizations pay for, and statements with their payment attempts. The Go SDK has no
//! twin; the billing of one user or organization is in [`crate::user`] and
//! [`crate::organization`]. See the Backend API reference:
//! <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, paged, paginators, params, resource_client, set};
use crate::http::list::{List, paginate};
use crate::http::resource::{enum_value, from_json, unsigned};
use crate::types;

pub use crate::types::{
    BillingPaymentAttempt, BillingPriceResponse, BillingStatement,
    CommerceDiscountRedemptionResponse, CommercePlan, CommercePriceTransitionResponse,
    CommerceSubscriptionItem,
};

resource_client!();

params! {
    /// A change to a user's or organization's billing credit balance, for
    /// [`user::adjust_billing_credit_balance`](crate::user::adjust_billing_credit_balance) and
    /// [`organization::adjust_billing_credit_balance`](crate::organization::adjust_billing_credit_balance).
    pub struct CreditAdjustmentParams {
        /// `increase` or `decrease`.
        action: String,
        /// The amount in the currency's smallest unit (greater than zero).
        amount: i64,
        /// ISO currency code (the API defaults to USD).
        currency: String,
        /// A key making the adjustment safe to retry.
        idempotency_key: String,
        /// A note for the ledger.
        note: String,
    }
}

impl CreditAdjustmentParams {
    /// The request body both credit-balance operations take.
    pub(crate) fn body(&self) -> Result<types::builder::AdjustCreditBalanceRequest> {
        Ok(set!(types::AdjustCreditBalanceRequest::builder(), self;
            action => enum_value::<types::AdjustCreditBalanceRequestAction>, amount, currency,
            idempotency_key, note))
    }
}

params! {
    /// Paging and filter for [`list_plans`] and [`list_all_plans`].
    pub struct PlansParams {
        /// Page size (1 to 500; the API's default is 10).
        limit: i64,
        /// How many plans to skip.
        offset: i64,
        /// Only plans for this payer type: `user` or `org`.
        payer_type: String,
    }
}

params! {
    /// Paging and filter for [`list_prices`] and [`list_all_prices`].
    pub struct PricesParams {
        /// Page size (1 to 500; the API's default is 10).
        limit: i64,
        /// How many prices to skip.
        offset: i64,
        /// Only the prices of this plan.
        plan_id: String,
    }
}

params! {
    /// A custom price for [`create_price`]; `plan_id` and `amount` are required.
    pub struct CreatePriceParams {
        /// The plan the price belongs to.
        plan_id: String,
        /// ISO currency code (the API's default is `USD`).
        currency: String,
        /// The monthly amount in cents; `0` for a complimentary price.
        amount: i64,
        /// The monthly amount in cents when billed annually; `0` for a complimentary price.
        annual_monthly_amount: i64,
        /// A description of the price.
        description: String,
        /// `month`, `annual` or `both`; inferred from the amounts when left out.
        supported_billing_periods: String,
    }
}

params! {
    /// Paging and filters for [`list_subscription_items`] and [`list_all_subscription_items`].
    pub struct SubscriptionItemsParams {
        /// Page size (1 to 500; the API's default is 10).
        limit: i64,
        /// How many items to skip.
        offset: i64,
        /// Only items in this status: `active`, `ended`, `past_due`, `upcoming` or `free_trial`.
        status: String,
        /// Only items paid by this payer type: `user` or `org`.
        payer_type: String,
        /// Only items of this plan.
        plan_id: String,
        /// Include items of free plans (left out by default).
        include_free: bool,
        /// A search query over the items.
        query: String,
    }
}

params! {
    /// Paging for [`list_statements`], [`list_all_statements`] and
    /// [`list_statement_payment_attempts`].
    pub struct PageParams {
        /// Page size (1 to 500; the API's default is 10).
        limit: i64,
        /// How many to skip.
        offset: i64,
    }
}
paged!(
    PlansParams,
    PricesParams,
    SubscriptionItemsParams,
    PageParams
);

fn plans_query<'a>(
    b: clerk_raw::builder::GetCommercePlanList<'a>,
    p: &PlansParams,
) -> Result<clerk_raw::builder::GetCommercePlanList<'a>> {
    Ok(set!(b.paginated(true), p; limit => unsigned, offset => unsigned, payer_type))
}

fn prices_query<'a>(
    b: clerk_raw::builder::GetBillingPriceList<'a>,
    p: &PricesParams,
) -> Result<clerk_raw::builder::GetBillingPriceList<'a>> {
    Ok(set!(b.paginated(true), p; limit => unsigned, offset => unsigned, plan_id))
}

fn subscription_items_query<'a>(
    b: clerk_raw::builder::GetCommerceSubscriptionItemList<'a>,
    p: &SubscriptionItemsParams,
) -> Result<clerk_raw::builder::GetCommerceSubscriptionItemList<'a>> {
    Ok(set!(b.paginated(true), p;
        limit => unsigned, offset => unsigned, status, payer_type, plan_id, include_free, query))
}

fn statements_query<'a>(
    b: clerk_raw::builder::GetBillingStatementList<'a>,
    p: &PageParams,
) -> Result<clerk_raw::builder::GetBillingStatementList<'a>> {
    Ok(set!(b.paginated(true), p; limit => unsigned, offset => unsigned))
}

operations! {
    /// Lists the instance's plans, free and paid, newest first.
    #[doc(alias = "GetCommercePlanList")]
    pub async fn list_plans(&self, params: &PlansParams) -> Result<List<CommercePlan>> {
        let s = self.api.shared()?;
        let page = s.call(plans_query(s.raw.get_commerce_plan_list(), params)?.send()).await?;
        Ok(List::new(page.data, page.total_count))
    }

    /// Lists prices, default and custom, by amount then newest first.
    #[doc(alias = "GetBillingPriceList")]
    pub async fn list_prices(&self, params: &PricesParams) -> Result<List<BillingPriceResponse>> {
        let s = self.api.shared()?;
        let page = s.call(prices_query(s.raw.get_billing_price_list(), params)?.send()).await?;
        Ok(List::new(page.data, page.total_count))
    }

    /// Creates a custom price for a plan, to charge some customers differently on the
    /// same plan.
    #[doc(alias = "CreateBillingPrice")]
    pub async fn create_price(&self, params: &CreatePriceParams) -> Result<BillingPriceResponse> {
        let s = self.api.shared()?;
        let body = set!(types::CreateBillingPriceRequest::builder(), params;
            plan_id, currency, amount, annual_monthly_amount, description,
            supported_billing_periods => enum_value::<types::CreateBillingPriceRequestSupportedBillingPeriods>,
        );
        s.call(s.raw.create_billing_price().body(body).send()).await
    }

    /// Lists subscription items of users and organizations, newest first.
    #[doc(alias = "GetCommerceSubscriptionItemList")]
    pub async fn list_subscription_items(
        &self,
        params: &SubscriptionItemsParams,
    ) -> Result<List<CommerceSubscriptionItem>> {
        let s = self.api.shared()?;
        let b = subscription_items_query(s.raw.get_commerce_subscription_item_list(), params)?;
        let page = s.call(b.send()).await?;
        Ok(List::new(page.data, page.total_count))
    }

    /// Cancels a subscription item: now when `end_now`, else at the end of the current
    /// billing period.
    #[doc(alias = "CancelCommerceSubscriptionItem")]
    pub async fn cancel_subscription_item(
        &self,
        subscription_item_id: &str,
        end_now: bool,
    ) -> Result<CommerceSubscriptionItem> {
        let s = self.api.shared()?;
        let b = s.raw.cancel_commerce_subscription_item().subscription_item_id(subscription_item_id).end_now(end_now);
        s.call(b.send()).await
    }

    /// Extends the free trial of a subscription item to `extend_to` (RFC 3339, in the
    /// future, at most 365 days past the current trial end). Repeating the call with the
    /// same time changes nothing.
    #[doc(alias = "ExtendBillingSubscriptionItemFreeTrial")]
    pub async fn extend_subscription_item_free_trial(
        &self,
        subscription_item_id: &str,
        extend_to: &str,
    ) -> Result<types::CommerceSubscriptionItem2> {
        let s = self.api.shared()?;
        let body = from_json::<types::ExtendFreeTrialRequest>(&serde_json::json!({ "extend_to": extend_to }))?;
        let b = s.raw.extend_billing_subscription_item_free_trial().subscription_item_id(subscription_item_id);
        s.call(b.body(body).send()).await
    }

    /// Moves a subscription item from one price to another. Depending on the plan and
    /// payer this takes effect now or creates an upcoming subscription item.
    #[doc(alias = "CreateBillingPriceTransition")]
    pub async fn create_price_transition(
        &self,
        subscription_item_id: &str,
        from_price_id: &str,
        to_price_id: &str,
    ) -> Result<CommercePriceTransitionResponse> {
        let s = self.api.shared()?;
        let body = types::PriceTransitionRequest::builder().from_price_id(from_price_id).to_price_id(to_price_id);
        let b = s.raw.create_billing_price_transition().subscription_item_id(subscription_item_id);
        s.call(b.body(body).send()).await
    }

    /// Applies an existing discount to a subscription item, replacing its active one
    /// (re-applying the active discount is a 409).
    #[doc(alias = "ApplyBillingSubscriptionItemDiscount")]
    pub async fn apply_subscription_item_discount(
        &self,
        subscription_item_id: &str,
        discount_id: &str,
    ) -> Result<CommerceDiscountRedemptionResponse> {
        let s = self.api.shared()?;
        let body = types::ApplyCommerceDiscountRequest::builder().discount_id(discount_id);
        let b = s.raw.apply_billing_subscription_item_discount().subscription_item_id(subscription_item_id);
        s.call(b.body(body).send()).await
    }

    /// Removes the active discount of a subscription item (`discount_id` must be it).
    #[doc(alias = "RemoveBillingSubscriptionItemDiscount")]
    pub async fn remove_subscription_item_discount(
        &self,
        subscription_item_id: &str,
        discount_id: &str,
    ) -> Result<CommerceDiscountRedemptionResponse> {
        let s = self.api.shared()?;
        let b = s
            .raw
            .remove_billing_subscription_item_discount()
            .subscription_item_id(subscription_item_id)
            .discount_id(discount_id);
        s.call(b.send()).await
    }

    /// Lists billing statements, newest first.
    #[doc(alias = "GetBillingStatementList")]
    pub async fn list_statements(&self, params: &PageParams) -> Result<List<BillingStatement>> {
        let s = self.api.shared()?;
        let page = s.call(statements_query(s.raw.get_billing_statement_list(), params)?.send()).await?;
        Ok(List::new(page.data, page.total_count))
    }

    /// Retrieves a billing statement.
    #[doc(alias = "GetBillingStatement")]
    pub async fn get_statement(&self, statement_id: &str) -> Result<BillingStatement> {
        let s = self.api.shared()?;
        s.call(s.raw.get_billing_statement().statement_id(statement_id).send()).await
    }

    /// Lists the payment attempts of a statement, newest first.
    #[doc(alias = "GetBillingStatementPaymentAttempts")]
    pub async fn list_statement_payment_attempts(
        &self,
        statement_id: &str,
        params: &PageParams,
    ) -> Result<List<BillingPaymentAttempt>> {
        let s = self.api.shared()?;
        let b = set!(s.raw.get_billing_statement_payment_attempts().statement_id(statement_id).paginated(true), params;
            limit => unsigned, offset => unsigned);
        let page = s.call(b.send()).await?;
        Ok(List::new(page.data, page.total_count))
    }
}

paginators! {
    /// Every plan matching `params`, as a stream fetched a page at a time.
    pub fn list_all_plans(&self, params: &PlansParams) -> Paginator<CommercePlan> {
        let api = self.api.clone();
        paginate(params, move |page: PlansParams| {
            let api = api.clone();
            async move {
                let s = api.shared()?;
                let page = s
                    .call(plans_query(s.raw.get_commerce_plan_list(), &page)?.send())
                    .await?;
                Ok((page.data, Some(page.total_count)))
            }
        })
    }

    /// Every price matching `params`, as a stream fetched a page at a time.
    pub fn list_all_prices(&self, params: &PricesParams) -> Paginator<BillingPriceResponse> {
        let api = self.api.clone();
        paginate(params, move |page: PricesParams| {
            let api = api.clone();
            async move {
                let s = api.shared()?;
                let page = s
                    .call(prices_query(s.raw.get_billing_price_list(), &page)?.send())
                    .await?;
                Ok((page.data, Some(page.total_count)))
            }
        })
    }

    /// Every subscription item matching `params`, as a stream fetched a page at a time.
    pub fn list_all_subscription_items(
        &self,
        params: &SubscriptionItemsParams,
    ) -> Paginator<CommerceSubscriptionItem> {
        let api = self.api.clone();
        paginate(params, move |page: SubscriptionItemsParams| {
            let api = api.clone();
            async move {
                let s = api.shared()?;
                let b =
                    subscription_items_query(s.raw.get_commerce_subscription_item_list(), &page)?;
                let page = s.call(b.send()).await?;
                Ok((page.data, Some(page.total_count)))
            }
        })
    }

    /// Every billing statement, as a stream fetched a page at a time.
    pub fn list_all_statements(&self, params: &PageParams) -> Paginator<BillingStatement> {
        let api = self.api.clone();
        paginate(params, move |page: PageParams| {
            let api = api.clone();
            async move {
                let s = api.shared()?;
                let page = s
                    .call(statements_query(s.raw.get_billing_statement_list(), &page)?.send())
                    .await?;
                Ok((page.data, Some(page.total_count)))
            }
        })
    }
}
