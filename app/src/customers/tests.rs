//! Service tests of contacts, each on SQLite and on PostgreSQL.

mod export;

use chrono::{Days, Utc};
use sea_orm::{DatabaseConnection, EntityTrait};

use super::history::orders::add_order;
use super::history::types::OrderForm;
use super::service::{self, list};
use super::types::{Contact, ContactForm, ContactQuery, Lifecycle, Sort};
use crate::auth::service::create_user;
use crate::auth::session;
use crate::auth::types::NewUserForm;
use crate::core::actor::Role;
use crate::core::actor::{Actor, Device};
use crate::core::code::TextCode;
use crate::core::{audit, outbox};
use crate::db_test;
use crate::error::{AppError, Invalid};
use crate::workspace::types::SetupForm;

pub(crate) async fn owner(conn: &DatabaseConnection) -> Actor {
    let form = SetupForm {
        company_name: "榕树贸易".into(),
        country: "CN".into(),
        time_zone: "Asia/Shanghai".into(),
        base_currency: "CNY".into(),
        default_locale: "zh-CN".into(),
        name: "王芳".into(),
        email: "owner@example.cn".into(),
        password: "correct horse".into(),
    };
    crate::testing::owner_of(conn, form).await
}

pub(crate) async fn teammate(
    conn: &DatabaseConnection,
    owner: &Actor,
    email: &str,
    role: Role,
) -> Actor {
    let form = NewUserForm {
        email: email.into(),
        name: email.into(),
        role: role.as_str().into(),
        password: "a good password".into(),
    };
    let user = create_user(
        conn,
        &crate::core::signing::SecretKey::for_tests(),
        owner,
        form,
    )
    .await
    .unwrap()
    .0;
    let token = session::start(conn, user.id, Device::default(), Utc::now())
        .await
        .unwrap();
    session::resolve(conn, &token, Utc::now())
        .await
        .unwrap()
        .unwrap()
}

/// Keeps sales reps to their own and their team's records, as the owner does in Settings.
pub(crate) async fn restrict_sales(
    conn: &DatabaseConnection,
    owner: &Actor,
) -> crate::core::settings::types::WorkspaceSettings {
    let settings = crate::core::settings::service::get(conn)
        .await
        .unwrap()
        .unwrap();
    let restrict = crate::core::settings::types::SettingsForm {
        restrict_sales_to_team: Some("on".into()),
        ..settings.form()
    };
    crate::core::settings::service::update(conn, owner, &restrict, settings.version)
        .await
        .unwrap()
}

/// A customer with an address and tags.
pub(crate) fn tagged(name: &str, tags: &str) -> ContactForm {
    ContactForm {
        lifecycle: "customer".into(),
        tags: tags.into(),
        email: format!("{}@example.cn", name.to_lowercase().replace(' ', ".")),
        ..form(name)
    }
}

pub(crate) fn form(name: &str) -> ContactForm {
    ContactForm {
        name: name.into(),
        source: "web".into(),
        lifecycle: "lead".into(),
        ..ContactForm::default()
    }
}

/// A customer with `tags`.
pub(crate) async fn customer(
    conn: &DatabaseConnection,
    who: &Actor,
    name: &str,
    tags: &str,
) -> Contact {
    let form = ContactForm {
        lifecycle: "customer".into(),
        tags: tags.into(),
        ..form(name)
    };
    service::create(conn, who, &form).await.unwrap()
}

/// Paid orders `days_ago` days back, one each, of `amount` yuan.
pub(crate) async fn bought(
    conn: &DatabaseConnection,
    who: &Actor,
    c: &Contact,
    days_ago: &[u64],
    amount: u32,
) {
    let today = Utc::now().date_naive();
    for (i, days) in days_ago.iter().enumerate() {
        let day = today - Days::new(*days);
        let order = OrderForm {
            number: format!("{}-{i}", c.id),
            ordered_on: day.to_string(),
            amount: amount.to_string(),
            currency: "CNY".into(),
            status: "paid".into(),
            note: String::new(),
            ..OrderForm::default()
        };
        add_order(conn, who, c.id, &order, Utc::now())
            .await
            .unwrap();
    }
}

fn search(q: &str) -> ContactQuery {
    ContactQuery {
        q: q.into(),
        ..ContactQuery::default()
    }
}

async fn names(conn: &DatabaseConnection, who: &Actor, query: &ContactQuery) -> Vec<String> {
    list(conn, who, query)
        .await
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.name)
        .collect()
}

async fn a_contact_is_created_cleaned_audited_and_announced(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let created = service::create(
        conn,
        &owner,
        &ContactForm {
            email: " Zhang.Wei@Example.CN ".into(),
            phone: "138 0013 8000".into(),
            company: "上海  榕树科技".into(),
            tags: "VIP，华东, vip ,VIP".into(),
            marketing_consent: Some("on".into()),
            owner_id: owner.user.id.to_string(),
            ..form("  张伟 ")
        },
    )
    .await
    .unwrap();
    assert_eq!(created.name, "张伟");
    assert_eq!(created.email.as_deref(), Some("zhang.wei@example.cn"));
    assert_eq!(created.phone.as_deref(), Some("+8613800138000"));
    assert_eq!(created.company_name.as_deref(), Some("上海 榕树科技"));
    assert_eq!(created.tags, ["VIP", "vip", "华东"]);
    assert_eq!(created.owner_name.as_deref(), Some("王芳"));
    assert!(created.marketing_consent);
    let audit = audit::entity::Entity::find().all(conn).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "contact.create" && e.record_id == Some(created.id))
    );
    assert_eq!(outbox::backlog(conn).await.unwrap().pending, 1);

    // A second contact at the same company joins it instead of creating another.
    let colleague = service::create(
        conn,
        &owner,
        &ContactForm {
            company: "上海 榕树科技".into(),
            ..form("李娜")
        },
    )
    .await
    .unwrap();
    assert_eq!(colleague.company_id, created.company_id);
}
db_test!(a_contact_is_created_cleaned_audited_and_announced);

async fn bad_fields_are_reported_together_and_nothing_is_written(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let bad = ContactForm {
        email: "zhang.wei@".into(),
        phone: "call me".into(),
        lifecycle: "friend".into(),
        owner_id: uuid::Uuid::now_v7().to_string(),
        ..form("")
    };
    let err = service::create(conn, &owner, &bad).await.unwrap_err();
    assert_eq!(err.field("name"), [Invalid::Required]);
    assert_eq!(err.field("email"), [Invalid::Email]);
    assert_eq!(err.field("phone"), [Invalid::Phone]);
    assert_eq!(err.field("lifecycle"), [Invalid::Choice]);
    assert_eq!(err.field("owner_id"), [Invalid::Choice]);
    assert!(
        list(conn, &owner, &search(""))
            .await
            .unwrap()
            .rows
            .is_empty()
    );
}
db_test!(bad_fields_are_reported_together_and_nothing_is_written);

async fn search_finds_names_emails_phones_and_companies(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let people = [
        ("张伟", "zhang.wei@example.cn", "13800138000", "华东贸易"),
        ("张伟明", "zwm@example.cn", "13900139000", ""),
        (
            "Emily Chen",
            "emily@example.sg",
            "+65 6123 4567",
            "Lion City Foods",
        ),
        ("100% Pure_Tea", "", "", ""),
    ];
    for (name, email, phone, company) in people {
        let form = ContactForm {
            email: email.into(),
            phone: phone.into(),
            company: company.into(),
            ..form(name)
        };
        service::create(conn, &owner, &form).await.unwrap();
    }
    assert_eq!(
        names(conn, &owner, &search("张伟")).await,
        ["张伟", "张伟明"]
    );
    assert_eq!(names(conn, &owner, &search("EMILY")).await, ["Emily Chen"]);
    assert_eq!(names(conn, &owner, &search("138 0013")).await, ["张伟"]);
    assert_eq!(names(conn, &owner, &search("6123")).await, ["Emily Chen"]);
    assert_eq!(
        names(conn, &owner, &search("lion city")).await,
        ["Emily Chen"]
    );
    assert_eq!(names(conn, &owner, &search("华东")).await, ["张伟"]);
    assert_eq!(
        names(conn, &owner, &search("100%")).await,
        ["100% Pure_Tea"]
    );
    assert!(
        names(conn, &owner, &search("0% P_")).await.is_empty(),
        "wildcards are literal"
    );
}
db_test!(search_finds_names_emails_phones_and_companies);

async fn pages_follow_each_other_without_gaps_or_repeats(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let total = super::service::list::PAGE_SIZE as usize * 2 + 7;
    for i in 0..total {
        service::create(conn, &owner, &form(&format!("Contact {:03}", i % 60)))
            .await
            .unwrap();
    }
    for sort in [Sort::Name, Sort::Newest] {
        let mut seen = Vec::new();
        let mut query = ContactQuery {
            sort,
            ..ContactQuery::default()
        };
        loop {
            let page = list(conn, &owner, &query).await.unwrap();
            seen.extend(page.rows.iter().map(|r| (r.name.clone(), r.id)));
            match page.next {
                Some(next) => query.after = Some(next),
                None => break,
            }
        }
        assert_eq!(seen.len(), total, "{sort:?}");
        let mut ids: Vec<_> = seen.iter().map(|(_, id)| *id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), total, "no repeats in {sort:?}");
        if sort == Sort::Name {
            assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0), "sorted by name");
        }
    }
    let bad = ContactQuery {
        after: Some("garbage".into()),
        ..ContactQuery::default()
    };
    assert!(matches!(
        list(conn, &owner, &bad).await,
        Err(AppError::Validation(_))
    ));
}
db_test!(pages_follow_each_other_without_gaps_or_repeats);

async fn a_stale_edit_is_refused_with_the_current_values(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let created = service::create(conn, &owner, &form("赵磊")).await.unwrap();
    let first = ContactForm {
        city: "杭州".into(),
        lifecycle: "customer".into(),
        ..form("赵磊")
    };
    let saved = service::update(conn, &owner, created.id, &first, created.version)
        .await
        .unwrap();
    assert_eq!(saved.version, created.version + 1);
    assert_eq!(saved.lifecycle, Lifecycle::Customer);

    let late = ContactForm {
        city: "苏州".into(),
        ..form("赵磊")
    };
    let err = service::update(conn, &owner, created.id, &late, created.version)
        .await
        .unwrap_err();
    let AppError::Conflict { current } = err else {
        panic!("expected a conflict, got {err:?}")
    };
    assert_eq!(current["city"], "杭州");
    let now = service::get(conn, &owner, created.id).await.unwrap();
    assert_eq!(now.city.as_deref(), Some("杭州"), "nothing overwritten");
}
db_test!(a_stale_edit_is_refused_with_the_current_values);

async fn archived_contacts_leave_the_list_and_come_back(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let created = service::create(conn, &owner, &form("周杰")).await.unwrap();
    let archived = service::set_archived(conn, &owner, created.id, created.version, true)
        .await
        .unwrap();
    assert!(archived.archived);
    assert!(names(conn, &owner, &search("周杰")).await.is_empty());
    let in_archive = ContactQuery {
        archived: true,
        ..search("周杰")
    };
    assert_eq!(names(conn, &owner, &in_archive).await, ["周杰"]);
    let restored = service::set_archived(conn, &owner, created.id, archived.version, false)
        .await
        .unwrap();
    assert!(!restored.archived);
    assert_eq!(names(conn, &owner, &search("周杰")).await, ["周杰"]);
}
db_test!(archived_contacts_leave_the_list_and_come_back);

async fn sales_edit_their_own_and_may_be_limited_to_their_team(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let rep = teammate(conn, &owner, "rep@example.cn", Role::Sales).await;
    let support = teammate(conn, &owner, "support@example.cn", Role::Support).await;
    let theirs = service::create(
        conn,
        &rep,
        &ContactForm {
            owner_id: rep.user.id.to_string(),
            ..form("Rep's")
        },
    )
    .await
    .unwrap();
    let others = service::create(conn, &owner, &form("Owner's"))
        .await
        .unwrap();

    let renamed = ContactForm {
        owner_id: rep.user.id.to_string(),
        ..form("Rep's lead")
    };
    assert!(
        service::update(conn, &rep, theirs.id, &renamed, theirs.version)
            .await
            .is_ok()
    );
    let refused = service::update(conn, &rep, others.id, &form("Taken"), others.version).await;
    assert_eq!(refused.unwrap_err(), AppError::Forbidden);
    assert_eq!(
        service::create(conn, &support, &form("No"))
            .await
            .unwrap_err(),
        AppError::Forbidden
    );
    assert_eq!(
        names(conn, &support, &search("")).await.len(),
        2,
        "support sees all customers"
    );

    assert!(restrict_sales(conn, &owner).await.restrict_sales_to_team);
    assert_eq!(names(conn, &rep, &search("")).await, ["Rep's lead"]);
    assert_eq!(
        service::get(conn, &rep, others.id).await.unwrap_err(),
        AppError::Forbidden
    );
    assert_eq!(names(conn, &owner, &search("")).await.len(), 2);

    // A rep who names no owner keeps the customer, and sight of it; the owner's stays open.
    let walk_in = service::create(conn, &rep, &form("Walk-in")).await.unwrap();
    assert_eq!(walk_in.owner_id, Some(rep.user.id));
    assert_eq!(others.owner_id, None);
    assert!(service::get(conn, &rep, walk_in.id).await.is_ok());
}
db_test!(sales_edit_their_own_and_may_be_limited_to_their_team);

async fn filters_narrow_the_list_and_combine(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let rep = teammate(conn, &owner, "rep@example.cn", Role::Sales).await;
    let with =
        |name: &str, lifecycle: &str, source: &str, tags: &str, owner_id: Option<uuid::Uuid>| {
            ContactForm {
                lifecycle: lifecycle.into(),
                source: source.into(),
                tags: tags.into(),
                owner_id: owner_id.map(|id| id.to_string()).unwrap_or_default(),
                ..form(name)
            }
        };
    for contact in [
        ContactForm {
            company: "榕树科技".into(),
            ..with("Ada", "customer", "web", "vip, 华东", Some(rep.user.id))
        },
        with("Bo", "customer", "referral", "华东", None),
        with("Cai", "lead", "web", "vip", Some(rep.user.id)),
        with("Dee", "churned", "phone", "", None),
    ] {
        service::create(conn, &owner, &contact).await.unwrap();
    }
    let query = |edit: &dyn Fn(&mut ContactQuery)| {
        let mut query = ContactQuery::default();
        edit(&mut query);
        query
    };
    let customers = query(&|q| q.lifecycle = Some(Lifecycle::Customer));
    assert_eq!(names(conn, &owner, &customers).await, ["Ada", "Bo"]);
    let web_vips = query(&|q| {
        q.source = Some(super::types::Source::Web);
        q.tag = Some("vip".into());
    });
    assert_eq!(names(conn, &owner, &web_vips).await, ["Ada", "Cai"]);
    let reps_customers = query(&|q| {
        q.owner = Some(rep.user.id);
        q.lifecycle = Some(Lifecycle::Customer);
    });
    assert_eq!(names(conn, &owner, &reps_customers).await, ["Ada"]);
    let east = query(&|q| q.tag = Some("华东".into()));
    assert_eq!(names(conn, &owner, &east).await, ["Ada", "Bo"]);
    let ada = list(conn, &owner, &ContactQuery::default())
        .await
        .unwrap()
        .rows;
    let ada = service::get(conn, &owner, ada[0].id).await.unwrap();
    let colleagues = query(&|q| q.company = ada.company_id);
    assert_eq!(names(conn, &owner, &colleagues).await, ["Ada"]);

    let today = Utc::now()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .date_naive();
    let added_today = query(&|q| {
        q.created_from = Some(today);
        q.created_to = Some(today);
    });
    assert_eq!(names(conn, &owner, &added_today).await.len(), 4);
    let added_before = query(&|q| q.created_to = today.pred_opt());
    assert!(names(conn, &owner, &added_before).await.is_empty());
    let added_after = query(&|q| q.created_from = today.succ_opt());
    assert!(names(conn, &owner, &added_after).await.is_empty());
}
db_test!(filters_narrow_the_list_and_combine);

#[test]
fn a_list_address_reads_as_a_query() {
    let address = [
        ("q", " 张 "),
        ("lifecycle", "customer"),
        ("source", "carrier pigeon"),
        ("from", "2026-11-01"),
        ("to", "not a day"),
        ("sort", "newest"),
        ("owner", ""),
    ];
    let query = ContactQuery::from_params(|name| {
        address
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    });
    assert_eq!(query.q, "张");
    assert_eq!(query.lifecycle, Some(Lifecycle::Customer));
    assert_eq!(query.source, None, "unknown values are left out");
    assert_eq!(
        query.created_from,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 1)
    );
    assert_eq!(query.created_to, None);
    assert_eq!(query.sort, Sort::Newest);
    assert_eq!(query.owner, None);
    assert_eq!(query.filter_count(), 2);
}
