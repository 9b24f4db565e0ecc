//! Service tests of imports, each on SQLite and on PostgreSQL.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

use super::entity::import_job;
use super::service;
use super::types::{Field, ImportKind, ImportOptions, ImportStatus, MatchKey, OnDuplicate};
use crate::core::actor::Actor;
use crate::core::actor::Role;
use crate::core::code::TextCode;
use crate::customers::entity::{company, contact};
use crate::customers::history::entity::order;
use crate::customers::service as contacts;
use crate::customers::tests::{form, owner, teammate};
use crate::db_test;
use crate::error::{AppError, Invalid};
use crate::i18n::Locale;

const NEVER: &(dyn Fn() -> bool + Sync) = &|| false;

/// Uploads `text`, starts it with `change` applied to the guessed options, and runs it.
async fn import(
    conn: &DatabaseConnection,
    who: &Actor,
    kind: ImportKind,
    bytes: &[u8],
    change: impl FnOnce(&mut ImportOptions),
) -> super::types::ImportJob {
    let draft = service::upload(conn, who, kind, "test.csv", bytes)
        .await
        .unwrap();
    let mut options = draft.options.clone();
    change(&mut options);
    service::start(conn, who, draft.id, options).await.unwrap();
    service::run(conn, draft.id, NEVER, |_| {})
        .await
        .unwrap()
        .unwrap()
}

async fn contacts_named(conn: &DatabaseConnection, name: &str) -> Vec<contact::Model> {
    contact::Entity::find()
        .filter(contact::Column::Name.eq(name))
        .all(conn)
        .await
        .unwrap()
}

const MESSY: &str = "姓名,手机,邮箱,公司,阶段,标签,同意营销\n\
  张伟 ,138 0013 8000, Zhang.Wei@Example.CN ,榕树贸易,客户,\"vip，华东\",是\n\
李娜,13900139000,li.na@,,,,\n\
,13700137000,nobody@example.cn,,,,\n\
王芳,021-6555 1234,,,friend,,maybe\n\
陈静,+86 136 0013 6000,chen.jing@example.cn,,Prospect,,\n";

async fn a_messy_file_is_cleaned_and_bad_rows_are_reported(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    // As Chinese Excel saves it.
    let (gbk, _, _) = encoding_rs::GB18030.encode(MESSY);
    let draft = service::upload(conn, &owner, ImportKind::Contacts, "客户.csv", &gbk)
        .await
        .unwrap();
    assert_eq!(draft.total, 5);
    assert_eq!(
        draft.options.columns,
        [
            Some(Field::Name),
            Some(Field::Phone),
            Some(Field::Email),
            Some(Field::Company),
            Some(Field::Lifecycle),
            Some(Field::Tags),
            Some(Field::MarketingConsent),
        ]
    );
    let preview = service::preview(conn, &owner, draft.id, draft.options.clone())
        .await
        .unwrap();
    assert_eq!((preview.valid, preview.invalid), (2, 3));
    assert_eq!(preview.rows[0].values[1], "+8613800138000");
    assert_eq!(preview.rows[0].values[2], "zhang.wei@example.cn");
    let lines: Vec<u64> = preview.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [3, 4, 5]);
    assert_eq!(preview.problems[0].reasons["email"], [Invalid::Email]);
    assert_eq!(preview.problems[1].reasons["name"], [Invalid::Required]);
    assert_eq!(preview.problems[2].reasons["lifecycle"], [Invalid::Choice]);
    assert_eq!(
        preview.problems[2].reasons["marketing_consent"],
        [Invalid::Choice]
    );
    assert_eq!(
        contact::Entity::find().count(conn).await.unwrap(),
        0,
        "a preview writes nothing"
    );

    service::start(conn, &owner, draft.id, draft.options)
        .await
        .unwrap();
    let done = service::run(conn, draft.id, NEVER, |_| {})
        .await
        .unwrap()
        .unwrap();
    assert_eq!(done.status, ImportStatus::Done);
    assert_eq!(
        (done.created, done.updated, done.skipped, done.rejected),
        (2, 0, 0, 3)
    );

    let zhang = contacts::get(conn, &owner, contacts_named(conn, "张伟").await[0].id)
        .await
        .unwrap();
    assert_eq!(zhang.email.as_deref(), Some("zhang.wei@example.cn"));
    assert_eq!(zhang.company_name.as_deref(), Some("榕树贸易"));
    assert_eq!(zhang.lifecycle.as_str(), "customer");
    assert_eq!(zhang.source.as_str(), "import");
    assert_eq!(zhang.tags, ["vip", "华东"]);
    assert!(zhang.marketing_consent);
    let chen = &contacts_named(conn, "陈静").await[0];
    assert_eq!(chen.lifecycle, "prospect");
    assert_eq!(chen.last_job_id, Some(draft.id), "marked with the job");
    assert!(
        contacts_named(conn, "李娜").await.is_empty(),
        "a rejected row writes nothing"
    );

    let csv = service::rejected_csv(conn, &owner, draft.id, Locale::En.messages())
        .await
        .unwrap();
    let report = clean::table::read(&csv).unwrap();
    assert_eq!(report.rows.len(), 3);
    assert_eq!(report.headers.last().map(String::as_str), Some("Reasons"));
    assert_eq!(report.rows[0].cell(0), "李娜");
    assert_eq!(report.rows[0].cell(7), "3");
    assert!(
        report.rows[0].cell(8).starts_with("Email:"),
        "{}",
        report.rows[0].cell(8)
    );

    let actions: Vec<String> = crate::core::audit::entity::Entity::find()
        .filter(crate::core::audit::entity::Column::JobId.eq(draft.id))
        .all(conn)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        ["import.start", "import.finish"],
        "one entry per step, not per row"
    );
}

db_test!(a_messy_file_is_cleaned_and_bad_rows_are_reported);

const PEOPLE: &str = "Name,Email,Phone,Company,City,Tags\n\
Emily Chen,emily@example.com,,Acme,Shanghai,new\n\
Zhang Wei,,13800138000,,Beijing,\n\
Emily Chen,EMILY@example.com,,,,\n";

async fn importing_twice_with_skip_creates_nothing_new(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let first = import(
        conn,
        &owner,
        ImportKind::Contacts,
        PEOPLE.as_bytes(),
        |_| {},
    )
    .await;
    assert_eq!(
        (first.created, first.skipped),
        (2, 1),
        "the file's own duplicate is skipped"
    );
    let again = import(
        conn,
        &owner,
        ImportKind::Contacts,
        PEOPLE.as_bytes(),
        |_| {},
    )
    .await;
    assert_eq!((again.created, again.skipped, again.rejected), (0, 3, 0));
    assert_eq!(contact::Entity::find().count(conn).await.unwrap(), 2);
    assert_eq!(company::Entity::find().count(conn).await.unwrap(), 1);
}

db_test!(importing_twice_with_skip_creates_nothing_new);

async fn update_fills_in_and_create_adds(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let mut existing = form("Zhang Wei");
    existing.phone = "138 0013 8000".into();
    existing.city = "Tianjin".into();
    existing.tags = "old".into();
    let before = contacts::create(conn, &owner, &existing).await.unwrap();
    let text = "Name,Phone,City,Email,Tags\nZhang Wei,+86 138-0013-8000,,zw@example.cn,new\n";
    let job = import(conn, &owner, ImportKind::Contacts, text.as_bytes(), |o| {
        o.on_duplicate = OnDuplicate::Update;
        o.match_keys = vec![MatchKey::Phone];
    })
    .await;
    assert_eq!((job.created, job.updated), (0, 1));
    let after = contacts::get(conn, &owner, before.id).await.unwrap();
    assert_eq!(
        after.city.as_deref(),
        Some("Tianjin"),
        "an empty cell changes nothing"
    );
    assert_eq!(after.email.as_deref(), Some("zw@example.cn"));
    assert_eq!(after.tags, ["new", "old"]);
    assert_eq!(after.version, before.version + 1);
    assert_eq!(after.lifecycle, before.lifecycle);

    let job = import(conn, &owner, ImportKind::Contacts, text.as_bytes(), |o| {
        o.on_duplicate = OnDuplicate::Create;
    })
    .await;
    assert_eq!((job.created, job.updated), (1, 0));
    assert_eq!(contacts_named(conn, "Zhang Wei").await.len(), 2);

    // By name and company: the same name elsewhere is someone else.
    let text = "Name,Company\nZhang Wei,Elsewhere Ltd\n";
    let job = import(conn, &owner, ImportKind::Contacts, text.as_bytes(), |o| {
        o.match_keys = vec![MatchKey::NameCompany];
    })
    .await;
    assert_eq!((job.created, job.skipped), (1, 0));
    let job = import(conn, &owner, ImportKind::Contacts, text.as_bytes(), |o| {
        o.match_keys = vec![MatchKey::NameCompany];
    })
    .await;
    assert_eq!((job.created, job.skipped), (0, 1));
}

db_test!(update_fills_in_and_create_adds);

async fn a_job_resumes_after_a_crash_without_writing_a_batch_twice(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let rows = service::BATCH * 2 + 17;
    let mut text = String::from("name,email\n");
    for i in 0..rows {
        text.push_str(&format!("Person {i},p{i}@example.cn\n"));
        if i == 700 {
            text.push_str("Broken,not-an-email\n");
        }
    }
    let draft = service::upload(
        conn,
        &owner,
        ImportKind::Contacts,
        "big.csv",
        text.as_bytes(),
    )
    .await
    .unwrap();
    service::start(conn, &owner, draft.id, draft.options)
        .await
        .unwrap();
    // The process "dies" after its first batch: the next check of `stop` says so.
    let checks = std::sync::atomic::AtomicUsize::new(0);
    let stop = |_: ()| checks.fetch_add(1, std::sync::atomic::Ordering::SeqCst) >= 1;
    let stop = move || stop(());
    let stopped = service::run(conn, draft.id, &stop, |_| {})
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stopped.status, ImportStatus::Running);
    assert_eq!(stopped.processed, service::BATCH as u64);
    assert_eq!(
        contact::Entity::find().count(conn).await.unwrap(),
        service::BATCH as u64
    );

    // While its heartbeat is fresh, nobody else takes the job.
    assert_eq!(service::next_waiting(conn).await.unwrap(), None);
    assert_eq!(
        service::run(conn, draft.id, NEVER, |_| {}).await.unwrap(),
        None
    );
    // A minute later it is taken as dead and resumed where it stopped.
    import_job::Entity::update_many()
        .col_expr(
            import_job::Column::HeartbeatAt,
            Expr::value(Some(chrono::Utc::now() - chrono::TimeDelta::minutes(5))),
        )
        .exec(conn)
        .await
        .unwrap();
    assert_eq!(service::next_waiting(conn).await.unwrap(), Some(draft.id));
    let mut seen = Vec::new();
    let done = service::run(conn, draft.id, NEVER, |job| seen.push(job.processed))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(done.status, ImportStatus::Done);
    assert_eq!((done.created, done.rejected), (rows as u64, 1));
    assert_eq!(done.processed, rows as u64 + 1);
    assert_eq!(seen, [1000, rows as u64 + 1], "progress after each batch");
    assert_eq!(
        contact::Entity::find().count(conn).await.unwrap(),
        rows as u64
    );
}

db_test!(a_job_resumes_after_a_crash_without_writing_a_batch_twice);

async fn orders_find_their_customer_and_read_dates_and_amounts(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let people =
        "姓名,客户编号,邮箱,手机\n张伟,C-001,,\n李娜,,li.na@example.cn,\n王芳,,,13800138000\n";
    import(
        conn,
        &owner,
        ImportKind::Contacts,
        people.as_bytes(),
        |_| {},
    )
    .await;
    let orders = "订单号,日期,金额,客户编号,邮箱,手机,状态\n\
        A1,2024-03-05,\"¥1,234.50\",C-001,,,\n\
        A2,2024年3月6日,1234.5元,,LI.NA@example.cn,,已退款\n\
        A3,45360,$20,,,138 0013 8000,\n\
        A4,05/03/2024,88,,,138 0013 8000,\n\
        A5,2024-03-09,10,C-404,,,\n\
        A1,2024-03-05,1,C-001,,,\n";
    let job = import(conn, &owner, ImportKind::Orders, orders.as_bytes(), |_| {}).await;
    assert_eq!((job.created, job.skipped, job.rejected), (3, 1, 2));
    let a1 = order::Entity::find()
        .filter(order::Column::Number.eq("A1"))
        .one(conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (a1.amount_minor, a1.currency.as_str(), a1.status.as_str()),
        (123_450, "CNY", "paid")
    );
    assert_eq!(
        a1.contact_id,
        Some(contacts_named(conn, "张伟").await[0].id)
    );
    // The day begins in the importer's zone (Shanghai): 2024-03-05 00:00 there.
    assert_eq!(a1.ordered_at.to_rfc3339(), "2024-03-04T16:00:00+00:00");
    let a2 = order::Entity::find()
        .filter(order::Column::Number.eq("A2"))
        .one(conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a2.status, "refunded");
    assert_eq!(
        a2.contact_id,
        Some(contacts_named(conn, "李娜").await[0].id)
    );
    let a4 = order::Entity::find()
        .filter(order::Column::Number.eq("A4"))
        .one(conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        a4.ordered_at.to_rfc3339(),
        "2024-03-04T16:00:00+00:00",
        "day first"
    );
    let csv = service::rejected_csv(conn, &owner, job.id, Locale::ZhCn.messages())
        .await
        .unwrap();
    assert!(csv.contains("A3") && csv.contains("金额"), "{csv}");
    assert!(csv.contains("A5") && csv.contains("没有联系人"), "{csv}");
}

db_test!(orders_find_their_customer_and_read_dates_and_amounts);

async fn an_erp_export_imported_again_updates_its_orders_by_their_erp_id(
    conn: &DatabaseConnection,
) {
    let owner = owner(conn).await;
    let people = "姓名,客户编号\n张伟,C-001\n";
    import(
        conn,
        &owner,
        ImportKind::Contacts,
        people.as_bytes(),
        |_| {},
    )
    .await;
    let first = "订单号,ERP编号,日期,金额,客户编号,状态\n\
        A1,K-9001,2024-03-05,100,C-001,已付款\n\
        A2,K-9002,2024-03-06,200,C-001,已付款\n\
        ,K-9003,2024-03-07,300,C-001,已付款\n";
    let job = import(conn, &owner, ImportKind::Orders, first.as_bytes(), |_| {}).await;
    assert_eq!(job.options.columns[1], Some(Field::ExternalId), "guessed");
    assert_eq!(
        (job.created, job.rejected),
        (2, 1),
        "a row needs its number"
    );
    // The ERP renumbered A1 and refunded it: its id finds it, the number follows.
    let again = "订单号,ERP编号,日期,金额,客户编号,状态\n\
        B1,K-9001,2024-03-05,100,C-001,已退款\n\
        A2,,2024-03-06,250,C-001,已付款\n";
    let job = import(
        conn,
        &owner,
        ImportKind::Orders,
        again.as_bytes(),
        |options| {
            options.on_duplicate = OnDuplicate::Update;
        },
    )
    .await;
    assert_eq!((job.created, job.updated), (0, 2));
    let by_id = |id: &'static str| {
        order::Entity::find()
            .filter(order::Column::ExternalId.eq(id))
            .one(conn)
    };
    let k1 = by_id("K-9001").await.unwrap().unwrap();
    assert_eq!((k1.number.as_str(), k1.status.as_str()), ("A1", "refunded"));
    let k2 = by_id("K-9002").await.unwrap().unwrap();
    assert_eq!(k2.amount_minor, 25_000, "found by number, its ERP id kept");
    assert_eq!(order::Entity::find().count(conn).await.unwrap(), 2);
}

db_test!(an_erp_export_imported_again_updates_its_orders_by_their_erp_id);

async fn companies_are_matched_by_name_and_updated(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let mut someone = form("Someone");
    someone.company = "Acme".into();
    contacts::create(conn, &owner, &someone).await.unwrap();
    let text = "Company,Website,Industry,Country\nACME,acme.example,Retail,cn\nNew Co,,,China\n";
    let job = import(conn, &owner, ImportKind::Companies, text.as_bytes(), |o| {
        o.on_duplicate = OnDuplicate::Update;
    })
    .await;
    assert_eq!(
        (job.created, job.updated, job.rejected),
        (0, 1, 1),
        "China is no ISO code"
    );
    let acme = company::Entity::find().one(conn).await.unwrap().unwrap();
    assert_eq!(acme.website.as_deref(), Some("acme.example"));
    assert_eq!(acme.country.as_deref(), Some("CN"));
    assert_eq!(acme.version, 2);

    // Found by its customer id under a new name: its people are found by the new name.
    let text = "Customer ID,Company\nACME-1,Acme\n";
    import(conn, &owner, ImportKind::Companies, text.as_bytes(), |o| {
        o.on_duplicate = OnDuplicate::Update;
    })
    .await;
    let text = "Customer ID,Company\nACME-1,Acme Global\n";
    let job = import(conn, &owner, ImportKind::Companies, text.as_bytes(), |o| {
        o.on_duplicate = OnDuplicate::Update;
    })
    .await;
    assert_eq!(job.updated, 1);
    let query = crate::customers::types::ContactQuery {
        q: "acme global".into(),
        ..Default::default()
    };
    assert_eq!(
        contacts::list(conn, &owner, &query)
            .await
            .unwrap()
            .rows
            .len(),
        1
    );
}

db_test!(companies_are_matched_by_name_and_updated);

async fn bad_choices_and_rights_are_refused(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let draft = service::upload(conn, &owner, ImportKind::Orders, "o.csv", b"a,b\n1,2\n")
        .await
        .unwrap();
    let err = service::start(conn, &owner, draft.id, draft.options.clone())
        .await
        .unwrap_err();
    for field in ["number", "ordered_on", "amount", "customer_id"] {
        assert_eq!(err.field(field), [Invalid::Required], "{field}");
    }
    let mut twice = draft.options.clone();
    twice.columns = vec![Some(Field::Number), Some(Field::Number)];
    let err = service::preview(conn, &owner, draft.id, twice)
        .await
        .unwrap_err();
    assert_eq!(err.field("columns"), [Invalid::Choice]);
    for bad in [&b""[..], b"only,a,header\n", b"PK\x03\x04\x00\x00"] {
        let err = service::upload(conn, &owner, ImportKind::Contacts, "x.csv", bad)
            .await
            .unwrap_err();
        assert!(
            matches!(err.field("file"), [Invalid::NoRows | Invalid::Encoding]),
            "{err:?}"
        );
    }
    let sales = teammate(conn, &owner, "sales@example.cn", Role::Sales).await;
    let err = service::upload(
        conn,
        &sales,
        ImportKind::Contacts,
        "x.csv",
        PEOPLE.as_bytes(),
    )
    .await
    .unwrap_err();
    assert_eq!(err, AppError::Forbidden);
    assert_eq!(
        service::get(conn, &sales, draft.id).await.unwrap_err(),
        AppError::Forbidden
    );
}

db_test!(bad_choices_and_rights_are_refused);

async fn a_dry_run_reports_and_writes_nothing(conn: &DatabaseConnection) {
    let owner = owner(conn).await;
    let headers = clean::table::read(MESSY).unwrap().headers;
    let options = service::first_options(ImportKind::Contacts, &headers, "CN");
    let (job, rejected) = service::dry_run(
        conn,
        &owner,
        ImportKind::Contacts,
        MESSY.as_bytes(),
        options,
    )
    .await
    .unwrap();
    assert_eq!((job.created, job.rejected), (2, 3));
    assert_eq!(rejected.len(), 3);
    assert_eq!(contact::Entity::find().count(conn).await.unwrap(), 0);
    assert_eq!(company::Entity::find().count(conn).await.unwrap(), 0);
}

db_test!(a_dry_run_reports_and_writes_nothing);
