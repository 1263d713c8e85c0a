//! `clerk::billing` against the mock.

use clerk::billing;
use futures::TryStreamExt;
use httpmock::Method::{DELETE, GET, POST};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{config, fixture, fixture_with};

const PLAN: &str = "cplan_2Cdo673jqPIwNZ810wYnsshhnoR";
const PRICE: &str = "cprice_2CLDTaJqiZYxvAi22rAovNNgWLp";
const OLD_PRICE: &str = "cprice_2Qm4kT8vNw1ZrXy6LpA3bHc9DsE";
const ITEM: &str = "csubi_2rkeioTnslYfPug9mYlSUb5gzm6";
const STATEMENT: &str = "cstmt_2ctAccQuhDJsCGzSUOXwEdn73jt";
const DISCOUNT: &str = "cdisc_251Yv7HHdUFanWLlLmMsdflwkbA";

#[tokio::test]
async fn list_plans_asks_for_a_page_with_filters() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/billing/plans")
                .query_param("paginated", "true")
                .query_param("payer_type", "org")
                .query_param("limit", "20");
            then.status(200)
                .json_body(json!({"data": [fixture("commerce_plan")], "total_count": 3}));
        })
        .await;
    let page = billing::Client::new(&config(&server))
        .list_plans(&billing::PlansParams {
            payer_type: clerk::string("org"),
            limit: clerk::int64(20),
            ..Default::default()
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.total_count, 3);
    let plan = &page.data[0];
    assert_eq!(plan.slug, "pro");
    assert_eq!(plan.fee.as_ref().unwrap().amount, 2500);
    assert_eq!(plan.unit_prices[0].tiers[1].ends_after_block, None);
    assert_eq!(plan.features[0].slug, "sso");
}

#[tokio::test]
async fn list_prices_and_create_price() {
    let server = MockServer::start_async().await;
    let list = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/billing/prices")
                .query_param("paginated", "true")
                .query_param("plan_id", PLAN);
            then.status(200)
                .json_body(json!({"data": [fixture("billing_price")], "total_count": 1}));
        })
        .await;
    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/billing/prices")
                .json_body(json!({
                    "plan_id": PLAN,
                    "currency": "USD",
                    "amount": 1500,
                    "annual_monthly_amount": 1200,
                    "description": "Partner pricing",
                    "supported_billing_periods": "both"
                }));
            then.status(200).json_body(fixture("billing_price"));
        })
        .await;
    let bill = billing::Client::new(&config(&server));
    let prices = bill
        .list_prices(&billing::PricesParams {
            plan_id: clerk::string(PLAN),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(prices.data[0].id, PRICE);
    let price = bill
        .create_price(&billing::CreatePriceParams {
            plan_id: clerk::string(PLAN),
            amount: clerk::int64(1500),
            annual_monthly_amount: clerk::int64(1200),
            description: clerk::string("Partner pricing"),
            supported_billing_periods: clerk::string("both"),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(price.amount, 1500);
    assert_eq!(price.annual_monthly_fee.unwrap().amount_formatted, "12.00");
    list.assert_async().await;
    create.assert_async().await;
}

#[tokio::test]
async fn list_subscription_items_sends_every_filter() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/billing/subscription_items")
                .query_param("paginated", "true")
                .query_param("status", "past_due")
                .query_param("payer_type", "org")
                .query_param("plan_id", PLAN)
                .query_param("include_free", "true")
                .query_param("query", "acme")
                .query_param("limit", "50")
                .query_param("offset", "50");
            then.status(200).json_body(
                json!({"data": [fixture("commerce_subscription_item")], "total_count": 51}),
            );
        })
        .await;
    let page = billing::Client::new(&config(&server))
        .list_subscription_items(&billing::SubscriptionItemsParams {
            status: clerk::string("past_due"),
            payer_type: clerk::string("org"),
            plan_id: clerk::string(PLAN),
            include_free: clerk::bool(true),
            query: clerk::string("acme"),
            limit: clerk::int64(50),
            offset: clerk::int64(50),
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.total_count, 51);
    let item = &page.data[0];
    assert_eq!(item.id, ITEM);
    assert_eq!(item.plan.as_ref().unwrap().name, "Pro");
    assert_eq!(
        item.payer.as_ref().unwrap().organization_name.as_deref(),
        Some("Acme Inc")
    );
    assert_eq!(item.seats.as_ref().unwrap().quantity, Some(7));
    assert_eq!(
        item.payment_method.as_ref().unwrap().last4.as_deref(),
        Some("4242")
    );
}

#[tokio::test]
async fn list_all_subscription_items_stops_at_total_count() {
    let server = MockServer::start_async().await;
    let mut pages = Vec::new();
    for offset in [0, 2] {
        let items: Vec<_> = (0..2)
            .map(|i| {
                fixture_with(
                    "commerce_subscription_item",
                    json!({"id": format!("csubi_{}", offset + i)}),
                )
            })
            .collect();
        pages.push(
            server
                .mock_async(move |when, then| {
                    when.method(GET)
                        .path("/v1/billing/subscription_items")
                        .query_param("paginated", "true")
                        .query_param("status", "active")
                        .query_param("limit", "2")
                        .query_param("offset", offset.to_string());
                    then.status(200)
                        .json_body(json!({"data": items, "total_count": 4}));
                })
                .await,
        );
    }
    let ids: Vec<String> = billing::Client::new(&config(&server))
        .list_all_subscription_items(&billing::SubscriptionItemsParams {
            status: clerk::string("active"),
            limit: clerk::int64(2),
            ..Default::default()
        })
        .map_ok(|item| item.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["csubi_0", "csubi_1", "csubi_2", "csubi_3"]);
    for page in pages {
        page.assert_calls_async(1).await;
    }
}

#[tokio::test]
async fn bad_filters_and_timestamps_fail_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(200);
        })
        .await;
    let bill = billing::Client::new(&config(&server));
    let err = bill
        .extend_subscription_item_free_trial(ITEM, "next tuesday")
        .await
        .unwrap_err();
    assert!(matches!(err, clerk::Error::InvalidRequest(_)), "{err:?}");
    let err = bill
        .list_statements(&billing::PageParams {
            limit: clerk::int64(0),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(matches!(err, clerk::Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn cancel_sends_end_now_in_the_query_and_no_body() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path(format!("/v1/billing/subscription_items/{ITEM}"))
                .query_param("end_now", "true")
                .body("")
                .header_missing("content-type");
            then.status(200).json_body(fixture_with(
                "commerce_subscription_item",
                json!({"status": "ended", "canceled_at": 1717300000000_i64, "ended_at": 1717300000000_i64}),
            ));
        })
        .await;
    let item = billing::Client::new(&config(&server))
        .cancel_subscription_item(ITEM, Some(true))
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(item.ended_at, Some(1717300000000));
}

#[tokio::test]
async fn extend_free_trial_sends_the_time_in_utc() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!(
                    "/v1/billing/subscription_items/{ITEM}/extend_free_trial"
                ))
                .json_body(json!({"extend_to": "2024-06-15T00:00:00Z"}));
            then.status(200)
                .json_body(fixture("commerce_subscription_item2"));
        })
        .await;
    let item = billing::Client::new(&config(&server))
        .extend_subscription_item_free_trial(ITEM, "2024-06-15T02:00:00+02:00")
        .await
        .unwrap();
    mock.assert_async().await;
    assert!(item.is_free_trial);
    assert_eq!(item.period_end, Some(1718409600000));
    assert_eq!(item.payment_source.unwrap().last4, "4242");
}

#[tokio::test]
async fn price_transition_and_discounts() {
    let server = MockServer::start_async().await;
    let transition = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!(
                    "/v1/billing/subscription_items/{ITEM}/price_transition"
                ))
                .json_body(json!({"from_price_id": OLD_PRICE, "to_price_id": PRICE}));
            then.status(200)
                .json_body(fixture("commerce_price_transition"));
        })
        .await;
    let apply = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/v1/billing/subscription_items/{ITEM}/discounts"))
                .json_body(json!({"discount_id": DISCOUNT}));
            then.status(200)
                .json_body(fixture("commerce_discount_redemption"));
        })
        .await;
    let remove = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path(format!(
                    "/v1/billing/subscription_items/{ITEM}/discounts/{DISCOUNT}"
                ))
                .body("")
                .header_missing("content-type");
            then.status(200).json_body(fixture_with(
                "commerce_discount_redemption",
                json!({"status": "removed", "amount": null}),
            ));
        })
        .await;
    let bill = billing::Client::new(&config(&server));
    let moved = bill
        .create_price_transition(ITEM, OLD_PRICE, PRICE)
        .await
        .unwrap();
    assert_eq!(moved.transition.previous_price.id, OLD_PRICE);
    assert_eq!(moved.transition.previous_subscription_item_id, ITEM);
    assert!(!moved.transition.charged_immediately);
    assert_eq!(moved.subscription_item.price_id.as_deref(), Some(PRICE));
    let applied = bill
        .apply_subscription_item_discount(ITEM, DISCOUNT)
        .await
        .unwrap();
    assert_eq!(applied.percent_off, Some(20.0));
    assert_eq!(applied.cycles_remaining, Some(2));
    let removed = bill
        .remove_subscription_item_discount(ITEM, DISCOUNT)
        .await
        .unwrap();
    assert!(removed.amount.is_none());
    transition.assert_async().await;
    apply.assert_async().await;
    remove.assert_async().await;
}

#[tokio::test]
async fn statements_and_their_payment_attempts() {
    let server = MockServer::start_async().await;
    let list = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/billing/statements")
                .query_param("paginated", "true")
                .query_param("limit", "5");
            then.status(200)
                .json_body(json!({"data": [fixture("billing_statement")], "total_count": 12}));
        })
        .await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/v1/billing/statements/{STATEMENT}"));
            then.status(200).json_body(fixture("billing_statement"));
        })
        .await;
    let attempts = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!(
                    "/v1/billing/statements/{STATEMENT}/payment_attempts"
                ))
                .query_param("paginated", "true")
                .query_param("offset", "1");
            then.status(200).json_body(json!({
                "data": [fixture_with("billing_payment_attempt", json!({
                    "status": "failed", "paid_at": null, "failed_at": 1717200003000_i64
                }))],
                "total_count": 2
            }));
        })
        .await;
    let bill = billing::Client::new(&config(&server));
    let page = bill
        .list_statements(&billing::PageParams {
            limit: clerk::int64(5),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.total_count, 12);
    let statement = bill.get_statement(STATEMENT).await.unwrap();
    assert_eq!(statement.totals.grand_total.amount, 4100);
    let attempt = &statement.groups[0].items[0];
    assert_eq!(attempt.statement_id, STATEMENT);
    assert_eq!(attempt.paid_at, Some(1717200005000));
    let page = bill
        .list_statement_payment_attempts(
            STATEMENT,
            &billing::PageParams {
                offset: clerk::int64(1),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(page.total_count, 2);
    assert_eq!(page.data[0].failed_at, Some(1717200003000));
    list.assert_async().await;
    get.assert_async().await;
    attempts.assert_async().await;
}
