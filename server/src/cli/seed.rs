//! `banyan seed --demo [--scale N]`: a believable small trading business to try Banyan with.
//!
//! Deterministic (the same scale gives the same data), and fast: rows go in by the hundred,
//! a few thousand to a transaction. The seed writes no audit entries: nobody did these things.

mod deals;
mod history;
mod tickets;

pub use self::tickets::Volume;

use std::time::Instant;

use app::auth::secret::hash_password;
use app::core::actor::Role;
use app::core::code::TextCode;
use app::core::settings::entity as settings;
use app::core::users::entity::{team, user};
use app::customers::entity::{company, contact, contact_tag};
use app::customers::service::search_text;
use app::customers::types::{Lifecycle, Source};
use app::tickets::entity::counter;
use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    TransactionTrait,
};
use uuid::Uuid;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "banyan-demo";

const COMPANIES_PER_SCALE: usize = 40;
const CONTACTS_PER_SCALE: usize = 200;
const ROWS_PER_INSERT: usize = 500;

/// A tiny deterministic generator (SplitMix64): demo data must not change between runs.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Log-uniform between `low` and `high`: as likely a tenfold as another.
    fn spread(&mut self, low: f64, high: f64) -> f64 {
        low * (high / low).powf(self.unit())
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const FAMILY: [(&str, &str); 16] = [
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("黄", "huang"),
    ("赵", "zhao"),
    ("吴", "wu"),
    ("周", "zhou"),
    ("徐", "xu"),
    ("孙", "sun"),
    ("马", "ma"),
    ("朱", "zhu"),
    ("胡", "hu"),
    ("郭", "guo"),
];
const GIVEN: [(&str, &str); 20] = [
    ("伟", "wei"),
    ("芳", "fang"),
    ("娜", "na"),
    ("敏", "min"),
    ("静", "jing"),
    ("丽", "li"),
    ("强", "qiang"),
    ("磊", "lei"),
    ("军", "jun"),
    ("洋", "yang"),
    ("勇", "yong"),
    ("艳", "yan"),
    ("杰", "jie"),
    ("娟", "juan"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("秀英", "xiuying"),
    ("华", "hua"),
    ("晓东", "xiaodong"),
];
const FIRST: [&str; 12] = [
    "Emily", "James", "Olivia", "Daniel", "Sophia", "Michael", "Grace", "Ethan", "Chloe", "Ryan",
    "Mei", "Kevin",
];
const LAST: [&str; 10] = [
    "Chen", "Tan", "Lim", "Wong", "Smith", "Brown", "Lee", "Ng", "Taylor", "Wilson",
];
const CITIES: [&str; 8] = [
    "上海", "北京", "深圳", "杭州", "广州", "成都", "苏州", "南京",
];
const WORDS: [&str; 12] = [
    "榕树", "星河", "华泰", "青松", "远航", "金桥", "瑞丰", "东方", "嘉禾", "恒通", "新源", "百川",
];
const KINDS: [&str; 4] = [
    "科技有限公司",
    "贸易有限公司",
    "餐饮管理有限公司",
    "文化传媒有限公司",
];
const ENGLISH_COMPANIES: [&str; 6] = [
    "Lion City Foods",
    "Harbour Trading",
    "Blue Orchid Design",
    "Pacific Tea House",
    "Northwind Supplies",
    "Golden Gate Imports",
];
const FREE_MAIL: [&str; 4] = ["qq.com", "163.com", "126.com", "gmail.com"];
const TAGS: [&str; 6] = ["VIP", "华东", "展会", "老客户", "Wholesale", "回访"];

/// Who can sign in to the demo, to print once it is made.
pub struct Login {
    pub email: &'static str,
    pub role: Role,
}

const USERS: [(&str, &str, Role, Option<usize>); 6] = [
    ("王芳", "owner@demo.banyan", Role::Owner, None),
    ("陈静", "manager@demo.banyan", Role::Manager, None),
    ("李强", "sales@demo.banyan", Role::Sales, Some(0)),
    ("Emily Chen", "emily@demo.banyan", Role::Sales, Some(1)),
    ("刘洋", "support@demo.banyan", Role::Support, None),
    ("赵敏", "marketing@demo.banyan", Role::Marketing, None),
];

/// Fills an empty database; refuses one that has users already.
pub async fn demo(
    conn: &DatabaseConnection,
    scale: usize,
    volume: Volume,
) -> Result<Vec<Login>, crate::Error> {
    if user::Entity::find().count(conn).await? > 0 {
        return Err(
            "the database already has users: demo data goes into a new database only".into(),
        );
    }
    let started = Instant::now();
    let now = Utc::now();
    let mut dice = Dice(42);
    let txn = conn.begin().await?;
    settings::Entity::insert(settings::ActiveModel {
        id: Set(1),
        company_name: Set("榕树贸易有限公司".into()),
        country: Set("CN".into()),
        time_zone: Set("Asia/Shanghai".into()),
        base_currency: Set("CNY".into()),
        default_locale: Set("zh-CN".into()),
        restrict_sales_to_team: Set(false),
        track_campaign_mail: Set(true),
        two_factor_roles: Set(String::new()),
        version: Set(1),
        updated_at: Set(now),
    })
    .exec(&txn)
    .await?;
    let teams = [Uuid::now_v7(), Uuid::now_v7()];
    for (id, name) in teams.iter().zip(["华东销售组", "华南销售组"]) {
        team::Entity::insert(team::ActiveModel {
            id: Set(*id),
            name: Set(name.into()),
            created_at: Set(now),
            ..Default::default()
        })
        .exec(&txn)
        .await?;
    }
    let hash = hash_password(DEMO_PASSWORD).await?;
    let (mut owners, mut agents) = (Vec::new(), Vec::new());
    for (name, email, role, team) in USERS {
        let id = Uuid::now_v7();
        if matches!(role, Role::Sales | Role::Manager) {
            owners.push(id);
        }
        if matches!(role, Role::Support | Role::Manager) {
            agents.push(id);
        }
        user::Entity::insert(user::ActiveModel {
            id: Set(id),
            email: Set(email.into()),
            name: Set(name.into()),
            password_hash: Set(hash.clone()),
            role: Set(role.as_str().into()),
            team_id: Set(team.map(|t| teams[t])),
            locale: Set(None),
            time_zone: Set(None),
            active: Set(true),
            digest_hour: Set(Some(app::core::users::DIGEST_HOUR)),
            digest_sent_on: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec(&txn)
        .await?;
        // The manager leads both sales teams.
        if role == Role::Manager {
            team::Entity::update_many()
                .col_expr(team::Column::LeadId, Expr::value(id))
                .exec(&txn)
                .await?;
        }
    }
    txn.commit().await?;

    let companies = companies(&mut dice, scale * COMPANIES_PER_SCALE, &owners, now);
    insert_all(conn, companies.iter().cloned().map(|c| c.0)).await?;
    let mut tags = Vec::new();
    let contacts: Vec<contact::ActiveModel> = (0..scale * CONTACTS_PER_SCALE)
        .map(|i| person(&mut dice, i, &companies, &owners, now, &mut tags))
        .collect();
    let mut history = history::Rows::default();
    for person in &contacts {
        history::add(&mut dice, person, &owners, now, &mut history);
    }
    insert_all(conn, contacts.iter().cloned()).await?;
    insert_all(conn, tags).await?;
    let (interactions, orders) = (history.interactions.len(), history.orders.len());
    insert_all(conn, history.interactions).await?;
    insert_all(conn, history.orders).await?;
    let pipeline =
        app::deals::pipelines::service::create_default(conn, app::i18n::Locale::ZhCn).await?;
    let stages = app::deals::pipelines::service::all(conn)
        .await?
        .into_iter()
        .flat_map(|p| p.stages)
        .collect::<Vec<_>>();
    let (deals, stage_changes) = deals::deals(&mut dice, pipeline, &stages, &contacts, now);
    let deal_count = deals.len();
    insert_all(conn, deals).await?;
    insert_all(conn, stage_changes).await?;
    insert_all(conn, [deals::usd_rate(now)]).await?;
    let standard = app::tickets::sla::Desk::standard(chrono_tz::Asia::Shanghai);
    let (desk, last_number) =
        tickets::tickets(&mut dice, &contacts, &agents, &standard, volume, now);
    let ticket_count = desk.tickets.len();
    insert_all(conn, desk.tickets).await?;
    insert_all(conn, desk.messages).await?;
    counter::Entity::update_many()
        .col_expr(counter::Column::Value, Expr::value(last_number))
        .filter(counter::Column::Name.eq("tickets"))
        .exec(conn)
        .await?;
    tracing::info!(
        contacts = scale * CONTACTS_PER_SCALE,
        interactions,
        orders,
        deals = deal_count,
        tickets = ticket_count,
        companies = companies.len(),
        seconds = started.elapsed().as_secs_f32(),
        "demo data created"
    );
    Ok(USERS
        .iter()
        .map(|&(_, email, role, _)| Login { email, role })
        .collect())
}

/// Inserts rows a few hundred per statement, a few thousand per transaction.
async fn insert_all<A>(
    conn: &DatabaseConnection,
    rows: impl IntoIterator<Item = A>,
) -> Result<(), crate::Error>
where
    A: sea_orm::ActiveModelTrait + Send,
{
    let rows: Vec<A> = rows.into_iter().collect();
    for transaction in rows.chunks(ROWS_PER_INSERT * 10) {
        let txn = conn.begin().await?;
        for chunk in transaction.chunks(ROWS_PER_INSERT) {
            A::Entity::insert_many(chunk.to_vec()).exec(&txn).await?;
        }
        txn.commit().await?;
    }
    Ok(())
}

/// The demo's companies, each with its name for the contacts that work there.
fn companies(
    dice: &mut Dice,
    count: usize,
    owners: &[Uuid],
    now: DateTime<Utc>,
) -> Vec<(company::ActiveModel, String)> {
    (0..count)
        .map(|i| {
            let base = if dice.chance(15) {
                format!("{} Pte Ltd", dice.pick(&ENGLISH_COMPANIES))
            } else {
                format!(
                    "{}{}{}",
                    dice.pick(&CITIES),
                    dice.pick(&WORDS),
                    dice.pick(&KINDS)
                )
            };
            // Names repeat at large scales: number the branches so each stays one company.
            let name = if i < 300 {
                base
            } else {
                format!("{base}（{}分部）", i / 300)
            };
            let created = now - TimeDelta::days(dice.below(900) as i64);
            let model = company::ActiveModel {
                id: Set(Uuid::now_v7()),
                sort_name: Set(name.to_lowercase()),
                search_text: Set(search_text(&[Some(&name)])),
                name: Set(name.clone()),
                website: Set(None),
                email: Set(None),
                phone: Set(None),
                city: Set(Some(dice.pick(&CITIES).to_string())),
                country: Set(Some("CN".into())),
                industry: Set(None),
                owner_id: Set(Some(*dice.pick(owners))),
                external_id: Set(None),
                archived_at: Set(None),
                last_job_id: Set(None),
                version: Set(1),
                created_at: Set(created),
                updated_at: Set(created),
            };
            (model, name)
        })
        .collect()
}

fn person(
    dice: &mut Dice,
    i: usize,
    companies: &[(company::ActiveModel, String)],
    owners: &[Uuid],
    now: DateTime<Utc>,
    tags: &mut Vec<contact_tag::ActiveModel>,
) -> contact::ActiveModel {
    let chinese = dice.chance(75);
    let (name, given, family, local, phone) = if chinese {
        let (family, family_py) = *dice.pick(&FAMILY);
        let (given, given_py) = *dice.pick(&GIVEN);
        let mobile = format!(
            "+861{}{:09}",
            dice.pick(&["3", "5", "8"]),
            dice.next() % 1_000_000_000
        );
        (
            format!("{family}{given}"),
            given,
            family,
            format!("{given_py}.{family_py}{i}"),
            mobile,
        )
    } else {
        let (first, last) = (*dice.pick(&FIRST), *dice.pick(&LAST));
        let mobile = format!(
            "+65{}{:07}",
            dice.pick(&["8", "9"]),
            dice.next() % 10_000_000
        );
        (
            format!("{first} {last}"),
            first,
            last,
            format!("{}.{}{i}", first.to_lowercase(), last.to_lowercase()),
            mobile,
        )
    };
    let employer = dice.chance(80).then(|| dice.pick(companies));
    let domain = match employer {
        Some(_) if dice.chance(50) => "example.cn",
        _ => dice.pick(&FREE_MAIL),
    };
    let email = dice.chance(85).then(|| format!("{local}@{domain}"));
    let phone = dice.chance(90).then_some(phone);
    let lifecycle = *dice.pick(&[
        Lifecycle::Lead,
        Lifecycle::Lead,
        Lifecycle::Prospect,
        Lifecycle::Customer,
        Lifecycle::Customer,
        Lifecycle::Churned,
    ]);
    let source = *dice.pick(Source::ALL);
    let created = now - TimeDelta::minutes(dice.below(2 * 365 * 24 * 60) as i64);
    let consent = dice.chance(60);
    let id = Uuid::now_v7();
    let company_name = employer.map(|(_, name)| name.as_str());
    // Up to two different tags: neighbours in the list, so never the same one twice.
    let first_tag = dice.below(TAGS.len());
    for k in 0..dice.below(3) {
        let tag = TAGS[(first_tag + k) % TAGS.len()].to_string();
        tags.push(contact_tag::ActiveModel {
            contact_id: Set(id),
            tag: Set(tag),
        });
    }
    contact::ActiveModel {
        id: Set(id),
        company_id: Set(employer.map(|(c, _)| *c.id.as_ref())),
        sort_name: Set(name.to_lowercase()),
        search_text: Set(search_text(&[
            Some(&name),
            email.as_deref(),
            phone.as_deref(),
            None,
            company_name,
        ])),
        name: Set(name),
        given_name: Set(Some(given.into())),
        family_name: Set(Some(family.into())),
        email: Set(email),
        phone: Set(phone),
        wechat_id: Set(None),
        city: Set(Some(dice.pick(&CITIES).to_string())),
        source: Set(source.as_str().into()),
        lifecycle: Set(lifecycle.as_str().into()),
        owner_id: Set(dice.chance(90).then(|| *dice.pick(owners))),
        marketing_consent: Set(consent),
        consent_at: Set(consent.then_some(created)),
        unsubscribed_at: Set(None),
        external_id: Set(None),
        archived_at: Set(None),
        last_job_id: Set(None),
        version: Set(1),
        created_at: Set(created),
        updated_at: Set(created),
    }
}

#[cfg(test)]
mod tests {
    use app::auth::service::login;
    use app::auth::throttle::LoginThrottle;
    use app::core::actor::Device;
    use app::core::signing::SecretKey;
    use app::customers::types::ContactQuery;

    use super::*;

    async fn makes_a_business_that_every_role_can_sign_in_to(conn: &DatabaseConnection) {
        let logins = demo(conn, 1, Volume::Month).await.unwrap();
        assert_eq!(logins.len(), 6);
        let throttle = LoginThrottle::default();
        let (owner, token) = login(
            conn,
            &SecretKey::for_tests(),
            &throttle,
            "owner@demo.banyan",
            DEMO_PASSWORD,
            Device::default(),
            Utc::now(),
        )
        .await
        .unwrap()
        .session()
        .unwrap();
        assert_eq!(owner.role, Role::Owner);
        let signed = app::auth::session::resolve(conn, &token, Utc::now())
            .await
            .unwrap()
            .unwrap();
        let page = app::customers::service::list(conn, &signed, &ContactQuery::default())
            .await
            .unwrap();
        assert_eq!(
            page.rows.len() as u64,
            app::customers::service::list::PAGE_SIZE
        );
        assert_eq!(
            contact::Entity::find().count(conn).await.unwrap(),
            CONTACTS_PER_SCALE as u64
        );
        let wang = ContactQuery {
            q: "王".into(),
            ..ContactQuery::default()
        };
        let wangs = app::customers::service::list(conn, &signed, &wang)
            .await
            .unwrap();
        assert!(!wangs.rows.is_empty(), "Chinese names among the contacts");
        assert!(wangs.rows.iter().all(|r| r.name.contains('王')));
        let orders = app::customers::history::entity::order::Entity::find()
            .count(conn)
            .await
            .unwrap();
        assert!(orders > 100, "customers have bought: {orders} orders");
        assert!(
            demo(conn, 1, Volume::Month).await.is_err(),
            "never into a database with users"
        );
    }
    app::db_test!(makes_a_business_that_every_role_can_sign_in_to);

    async fn a_busy_desk_has_the_tickets_asked_for_and_old_ones_are_done(
        conn: &DatabaseConnection,
    ) {
        use app::tickets::entity::ticket;
        demo(conn, 1, Volume::Year(300)).await.unwrap();
        let tickets = ticket::Entity::find().all(conn).await.unwrap();
        assert_eq!(tickets.len(), 300);
        let numbers: std::collections::BTreeSet<i64> = tickets.iter().map(|t| t.number).collect();
        assert_eq!(numbers, (1001..=1300).collect());
        let month_ago = Utc::now() - chrono::TimeDelta::days(30);
        let old = tickets.iter().filter(|t| t.created_at < month_ago);
        assert!(
            old.clone().count() > 200,
            "most of a year is before the last month"
        );
        assert!(
            old.clone()
                .all(|t| t.status == "solved" || t.status == "closed")
        );
        assert!(
            tickets.iter().any(|t| t.status == "new"),
            "some are still waiting"
        );
        let counter = counter::Entity::find_by_id("tickets")
            .one(conn)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(counter.value, 1300, "the next ticket is #1301");
    }
    app::db_test!(a_busy_desk_has_the_tickets_asked_for_and_old_ones_are_done);

    #[test]
    fn the_same_scale_makes_the_same_people() {
        let names = || {
            let mut dice = Dice(42);
            let companies = companies(&mut dice, 3, &[Uuid::nil()], DateTime::UNIX_EPOCH);
            let mut tags = Vec::new();
            (0..5)
                .map(|i| {
                    person(
                        &mut dice,
                        i,
                        &companies,
                        &[Uuid::nil()],
                        DateTime::UNIX_EPOCH,
                        &mut tags,
                    )
                })
                .map(|p| p.name.unwrap())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(), names());
    }
}
