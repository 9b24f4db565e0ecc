//! Opens, clicks and the report: tokens that cannot be forged or pointed elsewhere, people
//! counted once, and conversions within the window after each message.

use chrono::{TimeDelta, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::super::service::report::{report, set_cost};
use super::super::service::tracking::{self, Tracker};
use super::{URL, draft, message_events, newsletter_segment, person, send_all, service, start_now};
use crate::core::actor::Role;
use crate::core::mail::Mail;
use crate::core::signing::SecretKey;
use crate::customers::history::orders as history;
use crate::customers::history::types::OrderForm;
use crate::customers::service as contacts;
use crate::customers::tests::{form, owner, teammate};
use crate::db_test;
use crate::deals::service as deals;
use crate::deals::types::NewDeal;
use crate::error::{AppError, Invalid};

/// The tokens of the tracked addresses in `text`, for `path`, in order.
fn tokens(text: &str, path: &str) -> Vec<String> {
    text.split(&format!("{URL}{path}?t="))
        .skip(1)
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                .collect()
        })
        .collect()
}

fn mail_to<'a>(mails: &'a [Mail], email: &str) -> &'a Mail {
    mails.iter().find(|m| m.to_email == email).expect("a mail")
}

async fn order(
    conn: &DatabaseConnection,
    who: &crate::core::actor::Actor,
    contact: uuid::Uuid,
    on: chrono::DateTime<Utc>,
    amount: &str,
) {
    let form = OrderForm {
        number: format!("SO-{}", uuid::Uuid::now_v7()),
        // The day as the workspace counts it.
        ordered_on: on
            .with_timezone(&crate::core::settings::service::zone(conn).await.unwrap())
            .date_naive()
            .to_string(),
        amount: amount.into(),
        currency: crate::core::settings::rates::get(conn).await.unwrap().base,
        status: "paid".into(),
        note: String::new(),
        ..OrderForm::default()
    };
    history::add_order(conn, who, contact, &form, Utc::now())
        .await
        .unwrap();
}

async fn opens_and_clicks_are_counted_and_forged_tokens_refused(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let ann = person(conn, &owner, "Ann", "ann@example.com", true).await;
    person(conn, &owner, "Bob", "bob@example.com", true).await;
    let segment = newsletter_segment(conn, &owner).await;
    let form = super::CampaignForm {
        html: r#"<p>Hi {{first_name}}, <a href="https://shop.example.cn/spring?a=1&amp;b=2">new</a></p>"#.into(),
        text: "Hi {{first_name}}: https://shop.example.cn/spring?a=1&b=2 or https://shop.example.cn/faq".into(),
        ..draft(segment, 600)
    };
    let campaign = service::save(conn, &owner, &form, Utc::now())
        .await
        .unwrap();
    let campaign = start_now(conn, &owner, &campaign).await;
    let mails = send_all(conn, &message_events(conn).await).await;
    assert_eq!(mails.len(), 2);
    let (ann_mail, bob_mail) = (
        mail_to(&mails, "ann@example.com"),
        mail_to(&mails, "bob@example.com"),
    );
    let html = ann_mail.html.as_deref().unwrap();
    assert!(
        !html.contains("shop.example.cn"),
        "every link goes through the tracker: {html}"
    );
    let ann_open = tokens(html, tracking::OPEN_PATH);
    assert_eq!(ann_open.len(), 1, "one pixel");
    let ann_click = tokens(html, tracking::CLICK_PATH);
    let bob_text = tokens(&bob_mail.text, tracking::CLICK_PATH);
    assert_eq!((ann_click.len(), bob_text.len()), (1, 2));
    assert_ne!(
        ann_click[0],
        tokens(bob_mail.html.as_deref().unwrap(), tracking::CLICK_PATH)[0],
        "one token per reader"
    );

    let key = SecretKey::for_tests();
    let now = Utc::now();
    for _ in 0..2 {
        tracking::opened(conn, &key, &ann_open[0], now)
            .await
            .unwrap();
    }
    let to = tracking::clicked(conn, &key, &ann_click[0], now)
        .await
        .unwrap();
    assert_eq!(to, "https://shop.example.cn/spring?a=1&b=2");
    let to = tracking::clicked(conn, &key, &bob_text[1], now)
        .await
        .unwrap();
    assert_eq!(to, "https://shop.example.cn/faq");

    // Tampered, signed with another key, meant for the pixel, or for a link the campaign
    // does not have: each refused, and nothing counted.
    let mut forged = ann_click[0].clone().into_bytes();
    forged[5] = if forged[5] == b'A' { b'B' } else { b'A' };
    let forged = String::from_utf8(forged).unwrap();
    let other_key = SecretKey::new("another key of at least thirty-two characters").unwrap();
    let recipient = super::recipient::Entity::find()
        .filter(super::recipient::Column::ContactId.eq(ann.id))
        .one(conn)
        .await
        .unwrap()
        .unwrap();
    let foreign = Tracker::new(&other_key, URL, recipient.id).click(0);
    let beyond = Tracker::new(&key, URL, recipient.id).click(2);
    for token in [
        forged,
        tokens(&foreign, tracking::CLICK_PATH)[0].clone(),
        ann_open[0].clone(),
        tokens(&beyond, tracking::CLICK_PATH)[0].clone(),
        "x".into(),
    ] {
        let refused = tracking::clicked(conn, &key, &token, now)
            .await
            .unwrap_err();
        assert_eq!(refused.field("token"), [Invalid::Link], "{token}");
    }
    assert!(
        tracking::opened(conn, &key, &ann_click[0], now)
            .await
            .is_err(),
        "a click token opens nothing"
    );

    let r = report(conn, &owner, campaign.id, 30).await.unwrap();
    assert!(r.tracking, "on unless the owner turns it off");
    assert_eq!(
        (r.counts.sent, r.opened, r.clicked),
        (2, 2, 2),
        "a click counts as an opening"
    );
    assert_eq!((r.opens, r.clicks), (2, 2));
    assert!(r.tracks_opens && r.hourly);
    assert_eq!(
        r.timeline.iter().map(|m| m.opens + m.clicks).sum::<u32>(),
        4
    );
    let links: Vec<(&str, u32, u32)> = r
        .links
        .iter()
        .map(|l| (l.url.as_str(), l.clicks, l.people))
        .collect();
    assert_eq!(
        links,
        [
            ("https://shop.example.cn/spring?a=1&b=2", 1, 1),
            ("https://shop.example.cn/faq", 1, 1)
        ]
    );
}
db_test!(opens_and_clicks_are_counted_and_forged_tokens_refused);

async fn conversions_count_within_the_window_against_the_cost(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let ann = person(conn, &owner, "Ann", "ann@example.com", true).await;
    let bob = person(conn, &owner, "Bob", "bob@example.com", true).await;
    // Cy is not in the segment: their order is not the campaign's.
    let cy = contacts::create(conn, &owner, &form("Cy")).await.unwrap();
    let segment = newsletter_segment(conn, &owner).await;
    let campaign = service::save(conn, &owner, &draft(segment, 600), Utc::now())
        .await
        .unwrap();
    let campaign = start_now(conn, &owner, &campaign).await;
    send_all(conn, &message_events(conn).await).await;
    let now = Utc::now();
    order(conn, &owner, ann.id, now - TimeDelta::days(3), "999").await; // before: not counted
    order(conn, &owner, ann.id, now, "100").await;
    order(conn, &owner, bob.id, now + TimeDelta::days(40), "300").await;
    let won = deals::board(conn, &owner, &Default::default(), now)
        .await
        .unwrap()
        .pipeline
        .stages[4]
        .id;
    let deal = NewDeal {
        title: "签约".into(),
        amount: "50".into(),
        stage_id: won,
        contact_id: Some(ann.id),
        ..NewDeal::default()
    };
    deals::create(conn, &owner, &deal).await.unwrap();
    order(conn, &owner, cy.id, now, "700").await;

    let r = report(conn, &owner, campaign.id, 30).await.unwrap();
    assert_eq!((r.converted, r.orders, r.won_deals), (1, 1, 1));
    assert_eq!(r.revenue.minor, 15_000, "100 and 50, in fen");
    assert_eq!(r.cost, None);
    assert_eq!(r.roi(), None);
    let r = report(conn, &owner, campaign.id, 60).await.unwrap();
    assert_eq!(
        (r.converted, r.orders, r.won_deals, r.revenue.minor),
        (2, 2, 1, 45_000)
    );

    let bad = report(conn, &owner, campaign.id, 0).await.unwrap_err();
    assert_eq!(bad.field("days"), [Invalid::Range { min: 1, max: 365 }]);
    let bad = set_cost(conn, &owner, campaign.id, r.version, "-5", now)
        .await
        .unwrap_err();
    assert_eq!(bad.field("cost"), [Invalid::Amount]);
    set_cost(conn, &owner, campaign.id, r.version, "150", now)
        .await
        .unwrap();
    let stale = set_cost(conn, &owner, campaign.id, r.version, "1", now).await;
    assert!(matches!(stale, Err(AppError::Conflict { .. })), "{stale:?}");
    let r = report(conn, &owner, campaign.id, 60).await.unwrap();
    assert_eq!(r.cost.as_ref().map(|c| c.minor), Some(15_000));
    assert_eq!(r.roi(), Some(2.0), "450 back for 150 spent");

    let rep = teammate(conn, &owner, "rep@example.cn", Role::Sales).await;
    assert!(matches!(
        report(conn, &rep, campaign.id, 30).await,
        Err(AppError::Forbidden)
    ));
}
db_test!(conversions_count_within_the_window_against_the_cost);

async fn a_workspace_that_turns_tracking_off_sends_its_links_as_written(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    person(conn, &owner, "Ann", "ann@example.com", true).await;
    let settings = crate::core::settings::service::get(conn)
        .await
        .unwrap()
        .unwrap();
    let off = crate::core::settings::types::SettingsForm {
        track_campaign_mail: None,
        ..settings.form()
    };
    crate::core::settings::service::update(conn, &owner, &off, settings.version)
        .await
        .unwrap();
    let segment = newsletter_segment(conn, &owner).await;
    let form = super::CampaignForm {
        html: r#"<p>Hi {{first_name}}, <a href="https://shop.example.cn/spring">new</a></p>"#
            .into(),
        text: "Hi {{first_name}}: https://shop.example.cn/spring".into(),
        ..draft(segment, 600)
    };
    let campaign = service::save(conn, &owner, &form, Utc::now())
        .await
        .unwrap();
    let campaign = start_now(conn, &owner, &campaign).await;
    let mails = send_all(conn, &message_events(conn).await).await;
    let ann = mail_to(&mails, "ann@example.com");
    let html = ann.html.as_deref().unwrap();
    assert!(
        html.contains(r#"href="https://shop.example.cn/spring""#),
        "{html}"
    );
    assert!(tokens(html, tracking::OPEN_PATH).is_empty(), "no pixel");
    assert!(tokens(html, tracking::CLICK_PATH).is_empty());
    assert!(ann.text.contains("https://shop.example.cn/spring"));
    assert!(ann.list_unsubscribe.is_some(), "unsubscribing still works");
    let report = report(conn, &owner, campaign.id, 30).await.unwrap();
    assert!(!report.tracking, "the report says why nothing is counted");
}
db_test!(a_workspace_that_turns_tracking_off_sends_its_links_as_written);
