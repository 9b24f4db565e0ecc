//! Import jobs: uploading a file, choosing its columns, previewing it, and running it in
//! batches that each commit with the job's progress, so that a crash loses no batch and
//! writes none twice.

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};
use clean::table::{self, Row};
use sea_orm::sea_query::{Condition, Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use serde_json::json;
use uuid::Uuid;

use super::columns::guess;
use super::entity::{import_job, import_rejection};
use super::rows::{Context, Record};
use super::types::{
    DayOrder, Field, ImportJob, ImportKind, ImportOptions, ImportStatus, ImportSummary, MatchKey,
    OnDuplicate, Preview, PreviewRow,
};
use super::write::{Outcome, Writer};
use crate::core::actor::Actor;
use crate::core::code::TextCode;
use crate::core::events::{Event, Import};
use crate::core::policy::{self, Action};
use crate::core::records;
use crate::core::users::entity::user;
use crate::core::{audit, outbox, settings};
use crate::error::{AppError, FieldCheck, FieldErrors, Invalid};

/// Rows per transaction: small enough that a crash loses little work and other writers wait
/// little, large enough that 100,000 rows take a few hundred commits.
pub const BATCH: usize = 500;
/// Rows the preview shows, and refused rows it lists.
const PREVIEW_ROWS: usize = 10;
const PREVIEW_PROBLEMS: usize = 100;
/// A running job whose heartbeat is older than this died with its process: it may be resumed.
const STALE: TimeDelta = TimeDelta::seconds(60);

/// A value as the database stores it; one this build does not know is a fault of the data.
fn stored<T: TextCode>(code: &str) -> Result<T, AppError> {
    T::parse(code).ok_or_else(|| AppError::internal(format!("unknown import code {code:?}")))
}

fn to_job(model: &import_job::Model, headers: Vec<String>) -> Result<ImportJob, AppError> {
    let count = |n: i32| u64::try_from(n).unwrap_or_default();
    let options = match &model.options {
        Some(value) => serde_json::from_value(value.clone()).map_err(AppError::internal)?,
        None => ImportOptions::default(),
    };
    Ok(ImportJob {
        id: model.id,
        kind: stored(&model.kind)?,
        status: stored(&model.status)?,
        file_name: model.file_name.clone(),
        headers,
        options,
        total: count(model.total),
        processed: count(model.processed),
        created: count(model.created),
        updated: count(model.updated),
        skipped: count(model.skipped),
        rejected: count(model.rejected),
        created_at: model.created_at,
        finished_at: model.finished_at,
    })
}

/// The job, if the user may see it: their own imports, and every import for those who may
/// import at all.
async fn find(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
) -> Result<import_job::Model, AppError> {
    policy::require(conn, actor, Action::ImportCustomers, "import").await?;
    records::find_or_404::<import_job::Entity, _>(conn, id).await
}

fn read(model: &import_job::Model) -> Result<table::Table, AppError> {
    table::read(&model.content).map_err(|why| AppError::invalid("file", why))
}

/// The options a file starts with: its columns guessed from the headers, duplicates skipped
/// when their email or phone matches, days read in the order the workspace's country uses.
pub fn first_options(kind: ImportKind, headers: &[String], country: &str) -> ImportOptions {
    ImportOptions {
        columns: guess(kind, headers),
        on_duplicate: OnDuplicate::Skip,
        match_keys: match kind {
            ImportKind::Contacts => vec![MatchKey::Email, MatchKey::Phone],
            _ => Vec::new(),
        },
        day_order: if country == "US" {
            DayOrder::MonthFirst
        } else {
            DayOrder::DayFirst
        },
    }
}

/// Takes in an uploaded file as a draft import. The file is refused as a whole if it is not
/// a CSV file Banyan can read.
pub async fn upload(
    conn: &DatabaseConnection,
    actor: &Actor,
    kind: ImportKind,
    file_name: &str,
    bytes: &[u8],
) -> Result<ImportJob, AppError> {
    policy::require(conn, actor, Action::ImportCustomers, "import").await?;
    let content = table::decode(bytes).map_err(|why| AppError::invalid("file", why))?;
    let table = table::read(&content).map_err(|why| AppError::invalid("file", why))?;
    let country = settings::service::get(conn)
        .await?
        .map(|s| s.country)
        .unwrap_or_default();
    let options = first_options(kind, &table.headers, &country);
    let now = Utc::now();
    let name: String = file_name.chars().take(200).collect();
    let txn = crate::core::db::write(conn).await?;
    // Drafts nobody started within a day are abandoned: their files go.
    import_job::Entity::delete_many()
        .filter(import_job::Column::Status.eq(ImportStatus::Draft.as_str()))
        .filter(import_job::Column::CreatedAt.lt(now - TimeDelta::days(1)))
        .exec(&txn)
        .await?;
    let model = import_job::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(Some(actor.user.id)),
        kind: Set(kind.as_str().to_owned()),
        status: Set(ImportStatus::Draft.as_str().to_owned()),
        file_name: Set(if name.trim().is_empty() {
            "import.csv".to_owned()
        } else {
            name
        }),
        content: Set(content),
        options: Set(Some(
            serde_json::to_value(&options).map_err(AppError::internal)?,
        )),
        total: Set(i32::try_from(table.rows.len()).map_err(AppError::internal)?),
        processed: Set(0),
        created: Set(0),
        updated: Set(0),
        skipped: Set(0),
        rejected: Set(0),
        error: Set(None),
        heartbeat_at: Set(None),
        created_at: Set(now),
        finished_at: Set(None),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    to_job(&model, table.headers)
}

/// The import as its page shows it.
pub async fn get(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
) -> Result<ImportJob, AppError> {
    let model = find(conn, actor, id).await?;
    let headers = read(&model)?.headers;
    to_job(&model, headers)
}

/// What cleaning a job's rows needs.
async fn context<C: ConnectionTrait>(
    conn: &C,
    user: &crate::core::actor::User,
    kind: ImportKind,
    options: ImportOptions,
) -> Result<Context, AppError> {
    let settings = settings::service::get(conn).await?;
    let users = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .all(conn)
        .await?
        .into_iter()
        .flat_map(|u| {
            [
                (u.email.to_lowercase(), u.id),
                (u.name.to_lowercase(), u.id),
            ]
        })
        .collect::<HashMap<_, _>>();
    Ok(Context {
        kind,
        options,
        country: settings
            .as_ref()
            .map(|s| s.country.clone())
            .unwrap_or_default(),
        currency: settings
            .map(|s| s.base_currency)
            .unwrap_or_else(|| "CNY".to_owned()),
        zone: settings::service::user_zone(conn, user).await?,
        users,
    })
}

/// Checks the choices for a file: one entry per column, each field once and of this kind,
/// the required fields there, and a way to recognise duplicates unless they are created.
fn check_options(
    kind: ImportKind,
    headers: &[String],
    options: &ImportOptions,
) -> Result<(), AppError> {
    let mut check = FieldCheck::default();
    let mapped: Vec<Field> = options.columns.iter().flatten().copied().collect();
    let repeated = mapped
        .iter()
        .enumerate()
        .any(|(i, f)| mapped[..i].contains(f));
    if options.columns.len() != headers.len()
        || repeated
        || mapped.iter().any(|f| !kind.fields().contains(f))
    {
        check.refuse("columns", Invalid::Choice);
    }
    for field in kind.required() {
        if !mapped.contains(field) {
            check.refuse(field.as_str(), Invalid::Required);
        }
    }
    if kind == ImportKind::Orders
        && ![Field::CustomerId, Field::Email, Field::Phone]
            .iter()
            .any(|f| mapped.contains(f))
    {
        check.refuse(Field::CustomerId.as_str(), Invalid::Required);
    }
    if kind == ImportKind::Contacts
        && options.on_duplicate != OnDuplicate::Create
        && options.match_keys.is_empty()
    {
        check.refuse("match_keys", Invalid::Required);
    }
    check.finish()
}

/// The first rows as they will be written and every row that will be refused, for the
/// options the user is trying. Nothing is written.
pub async fn preview(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    options: ImportOptions,
) -> Result<Preview, AppError> {
    let model = find(conn, actor, id).await?;
    let kind: ImportKind = stored(&model.kind)?;
    let table = read(&model)?;
    check_options(kind, &table.headers, &options)?;
    let fields: Vec<Field> = options.columns.iter().flatten().copied().collect();
    let ctx = context(conn, &actor.user, kind, options).await?;
    let locale = crate::i18n::request_locale();
    let mut preview = Preview {
        fields: fields.clone(),
        ..Preview::default()
    };
    for row in &table.rows {
        let cleaned = ctx.clean(row);
        let values = fields
            .iter()
            .map(|f| {
                cleaned
                    .as_ref()
                    .ok()
                    .and_then(|record| record.shown(*f, locale, ctx.zone))
                    .unwrap_or_else(|| ctx.cell(row, *f).to_owned())
            })
            .collect();
        let reasons = cleaned.err();
        let shown = PreviewRow {
            line: row.line,
            values,
            reasons: reasons.clone().unwrap_or_default(),
        };
        if reasons.is_some() {
            preview.invalid += 1;
            if preview.problems.len() < PREVIEW_PROBLEMS {
                preview.problems.push(shown.clone());
            }
        } else {
            preview.valid += 1;
        }
        if preview.rows.len() < PREVIEW_ROWS {
            preview.rows.push(shown);
        }
    }
    Ok(preview)
}

/// Queues a draft import with the options chosen; the runner takes it from there.
pub async fn start(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    options: ImportOptions,
) -> Result<ImportJob, AppError> {
    let model = find(conn, actor, id).await?;
    let kind: ImportKind = stored(&model.kind)?;
    let headers = read(&model)?.headers;
    check_options(kind, &headers, &options)?;
    let txn = crate::core::db::write(conn).await?;
    let started = import_job::Entity::update_many()
        .col_expr(
            import_job::Column::Status,
            Expr::value(ImportStatus::Queued.as_str()),
        )
        .col_expr(
            import_job::Column::Options,
            Expr::value(serde_json::to_value(&options).map_err(AppError::internal)?),
        )
        .filter(import_job::Column::Id.eq(id))
        .filter(import_job::Column::Status.eq(ImportStatus::Draft.as_str()))
        .exec(&txn)
        .await?;
    if started.rows_affected == 0 {
        // Started already, from another tab.
        return Err(AppError::conflict(&to_job(&model, headers)?));
    }
    let record = audit::Entry::new(Some(actor.user.id), "import.start", "import", Some(id))
        .changes(json!({ "kind": kind.as_str(), "file": model.file_name, "rows": model.total }))
        .job(id);
    audit::record(&txn, record).await?;
    txn.commit().await?;
    get(conn, actor, id).await
}

/// A job that waits to be run: queued, or running with a heartbeat so old that the process
/// running it must have died.
pub async fn next_waiting(conn: &DatabaseConnection) -> Result<Option<Uuid>, AppError> {
    let stale = Utc::now() - STALE;
    let waiting = import_job::Entity::find()
        .select_only()
        .column(import_job::Column::Id)
        .filter(
            Condition::any()
                .add(import_job::Column::Status.eq(ImportStatus::Queued.as_str()))
                .add(
                    Condition::all()
                        .add(import_job::Column::Status.eq(ImportStatus::Running.as_str()))
                        .add(import_job::Column::HeartbeatAt.lt(stale)),
                ),
        )
        .order_by_asc(import_job::Column::CreatedAt)
        .into_tuple::<Uuid>()
        .one(conn)
        .await?;
    Ok(waiting)
}

/// Takes the job for this process, unless another live process has it.
async fn claim(conn: &DatabaseConnection, id: Uuid, now: DateTime<Utc>) -> Result<bool, AppError> {
    let claimed = import_job::Entity::update_many()
        .col_expr(
            import_job::Column::Status,
            Expr::value(ImportStatus::Running.as_str()),
        )
        .col_expr(import_job::Column::HeartbeatAt, Expr::value(Some(now)))
        .filter(import_job::Column::Id.eq(id))
        .filter(
            Condition::any()
                .add(import_job::Column::Status.eq(ImportStatus::Queued.as_str()))
                .add(
                    Condition::all()
                        .add(import_job::Column::Status.eq(ImportStatus::Running.as_str()))
                        .add(import_job::Column::HeartbeatAt.lt(now - STALE)),
                ),
        )
        .exec(conn)
        .await?;
    Ok(claimed.rows_affected == 1)
}

/// What one batch did.
#[derive(Default)]
struct Tally {
    created: i32,
    updated: i32,
    skipped: i32,
    rejected: Vec<(u64, Vec<String>, FieldErrors)>,
}

/// Cleans and writes one batch of rows in `txn`.
async fn write_batch(
    txn: &DatabaseTransaction,
    ctx: &Context,
    writer: &mut Writer,
    rows: &[Row],
) -> Result<Tally, AppError> {
    let mut tally = Tally::default();
    let mut records = Vec::with_capacity(rows.len());
    for row in rows {
        match ctx.clean(row) {
            Ok(record) => records.push((row, record)),
            Err(reasons) => tally.rejected.push((row.line, row.cells.clone(), reasons)),
        }
    }
    let mut outcomes = Vec::with_capacity(records.len());
    let mut contacts = Vec::new();
    let mut lines = Vec::new();
    for (row, record) in records {
        lines.push(row);
        match record {
            Record::Contact(contact) => contacts.push(*contact),
            Record::Company(company) => outcomes.push(writer.company_row(txn, company).await?),
            Record::Order(order) => outcomes.push(writer.order_row(txn, order).await?),
        }
    }
    if !contacts.is_empty() {
        outcomes = writer.contacts(txn, contacts).await?;
    }
    for (row, outcome) in lines.into_iter().zip(outcomes) {
        match outcome {
            Outcome::Created => tally.created += 1,
            Outcome::Updated => tally.updated += 1,
            Outcome::Skipped => tally.skipped += 1,
            Outcome::Refused(reasons) => {
                tally.rejected.push((row.line, row.cells.clone(), reasons))
            }
        }
    }
    Ok(tally)
}

/// Runs a queued job, or resumes one whose process died, batch by batch, until it is done or
/// `stop` says to stop (then it stays running and the next start resumes it). Returns the
/// job as it ends, or `None` when another process has it.
pub async fn run(
    conn: &DatabaseConnection,
    id: Uuid,
    stop: &(dyn Fn() -> bool + Sync),
    mut progress: impl FnMut(&ImportJob),
) -> Result<Option<ImportJob>, AppError> {
    let now = Utc::now();
    if !claim(conn, id, now).await? {
        return Ok(None);
    }
    match run_claimed(conn, id, stop, &mut progress).await {
        Ok(job) => Ok(Some(job)),
        Err(err) => {
            // What was written stays written; the job says how far it came.
            import_job::Entity::update_many()
                .col_expr(
                    import_job::Column::Status,
                    Expr::value(ImportStatus::Failed.as_str()),
                )
                .col_expr(
                    import_job::Column::Error,
                    Expr::value(Some(format!("{err}"))),
                )
                .col_expr(
                    import_job::Column::FinishedAt,
                    Expr::value(Some(Utc::now())),
                )
                .filter(import_job::Column::Id.eq(id))
                .exec(conn)
                .await?;
            Err(err)
        }
    }
}

async fn run_claimed(
    conn: &DatabaseConnection,
    id: Uuid,
    stop: &(dyn Fn() -> bool + Sync),
    progress: &mut impl FnMut(&ImportJob),
) -> Result<ImportJob, AppError> {
    let model = records::find_or_404::<import_job::Entity, _>(conn, id).await?;
    let table = read(&model)?;
    let job = to_job(&model, table.headers.clone())?;
    // The importer's rights are checked again: they may have lost them since they started.
    let importer = match model.user_id {
        Some(user) => user::Entity::find_by_id(user).one(conn).await?,
        None => None,
    }
    .map(crate::core::users::to_user)
    .transpose()?
    .filter(|u| policy::allows(u, Action::ImportCustomers, policy::Rules::default()))
    .ok_or(AppError::Forbidden)?;
    let ctx = context(conn, &importer, job.kind, job.options.clone()).await?;
    let mut writer = Writer {
        job: id,
        user: importer.id,
        on_duplicate: job.options.on_duplicate,
        match_keys: job.options.match_keys.clone(),
        country: ctx.country.clone(),
        now: Utc::now(),
        companies: HashMap::new(),
    };
    let done = usize::try_from(model.processed).unwrap_or_default();
    let rest = table.rows.get(done..).unwrap_or_default();
    let mut batches = rest.chunks(BATCH).peekable();
    let mut processed = model.processed;
    if batches.peek().is_none() {
        return finish(conn, &model, job, None).await;
    }
    while let Some(rows) = batches.next() {
        if stop() {
            break;
        }
        let txn = crate::core::db::write(conn).await?;
        writer.now = Utc::now();
        let tally = write_batch(&txn, &ctx, &mut writer, rows).await?;
        let last = batches.peek().is_none();
        let moved = record_batch(&txn, id, processed, rows.len(), &tally, writer.now).await?;
        if !moved {
            // Another process took the job over: this batch is theirs to write.
            txn.rollback().await?;
            return get_unchecked(conn, id).await;
        }
        processed += i32::try_from(rows.len()).map_err(AppError::internal)?;
        if last {
            let current = get_unchecked_in(&txn, id, &table.headers).await?;
            let job = finish(&txn, &model, current, Some(importer.id)).await?;
            txn.commit().await?;
            progress(&job);
            return Ok(job);
        }
        txn.commit().await?;
        progress(&get_unchecked_in(conn, id, &table.headers).await?);
    }
    get_unchecked(conn, id).await
}

/// Moves the job past a batch, in the batch's transaction, provided nobody else moved it.
async fn record_batch(
    txn: &DatabaseTransaction,
    id: Uuid,
    processed: i32,
    rows: usize,
    tally: &Tally,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let rows = i32::try_from(rows).map_err(AppError::internal)?;
    let rejected = i32::try_from(tally.rejected.len()).map_err(AppError::internal)?;
    let add = |column: import_job::Column, n: i32| Expr::col(column).add(n);
    let moved = import_job::Entity::update_many()
        .col_expr(
            import_job::Column::Processed,
            add(import_job::Column::Processed, rows),
        )
        .col_expr(
            import_job::Column::Created,
            add(import_job::Column::Created, tally.created),
        )
        .col_expr(
            import_job::Column::Updated,
            add(import_job::Column::Updated, tally.updated),
        )
        .col_expr(
            import_job::Column::Skipped,
            add(import_job::Column::Skipped, tally.skipped),
        )
        .col_expr(
            import_job::Column::Rejected,
            add(import_job::Column::Rejected, rejected),
        )
        .col_expr(import_job::Column::HeartbeatAt, Expr::value(Some(now)))
        .filter(import_job::Column::Id.eq(id))
        .filter(import_job::Column::Processed.eq(processed))
        .exec(txn)
        .await?;
    if moved.rows_affected == 0 {
        return Ok(false);
    }
    let rejections: Vec<import_rejection::ActiveModel> = tally
        .rejected
        .iter()
        .map(|(line, cells, reasons)| {
            Ok(import_rejection::ActiveModel {
                job_id: Set(id),
                line: Set(i64::try_from(*line).map_err(AppError::internal)?),
                cells: Set(serde_json::to_string(cells).map_err(AppError::internal)?),
                reasons: Set(serde_json::to_string(reasons).map_err(AppError::internal)?),
            })
        })
        .collect::<Result<_, AppError>>()?;
    for chunk in rejections.chunks(1000) {
        import_rejection::Entity::insert_many(chunk.to_vec())
            .exec(txn)
            .await?;
    }
    Ok(true)
}

/// Marks the job done, with one audit entry and one event for the whole of it.
async fn finish<C: ConnectionTrait>(
    conn: &C,
    model: &import_job::Model,
    mut job: ImportJob,
    actor: Option<Uuid>,
) -> Result<ImportJob, AppError> {
    let now = Utc::now();
    import_job::Entity::update_many()
        .col_expr(
            import_job::Column::Status,
            Expr::value(ImportStatus::Done.as_str()),
        )
        .col_expr(import_job::Column::FinishedAt, Expr::value(Some(now)))
        .filter(import_job::Column::Id.eq(model.id))
        .exec(conn)
        .await?;
    let summary = json!({
        "kind": job.kind.as_str(),
        "file": job.file_name,
        "created": job.created,
        "updated": job.updated,
        "skipped": job.skipped,
        "rejected": job.rejected,
    });
    audit::record(
        conn,
        audit::Entry::new(
            actor.or(model.user_id),
            "import.finish",
            "import",
            Some(model.id),
        )
        .changes(summary.clone())
        .job(model.id),
    )
    .await?;
    let event = Event::ImportFinished(Import {
        id: model.id,
        summary,
    });
    outbox::enqueue(conn, &event).await?;
    job.status = ImportStatus::Done;
    job.finished_at = Some(now);
    Ok(job)
}

async fn get_unchecked(conn: &DatabaseConnection, id: Uuid) -> Result<ImportJob, AppError> {
    let model = records::find_or_404::<import_job::Entity, _>(conn, id).await?;
    let headers = read(&model)?.headers;
    to_job(&model, headers)
}

async fn get_unchecked_in<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
    headers: &[String],
) -> Result<ImportJob, AppError> {
    let model = records::find_or_404::<import_job::Entity, _>(conn, id).await?;
    to_job(&model, headers.to_vec())
}

/// The rejected rows as a CSV file: the file's own columns, then the line and the reasons in
/// `lang`, so the user can fix the rows and import this file again.
pub async fn rejected_csv(
    conn: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    messages: &crate::i18n::Messages,
) -> Result<String, AppError> {
    let model = find(conn, actor, id).await?;
    let table = read(&model)?;
    let rejections = import_rejection::Entity::find()
        .filter(import_rejection::Column::JobId.eq(id))
        .order_by_asc(import_rejection::Column::Line)
        .all(conn)
        .await?;
    let mut out = String::from('\u{feff}');
    let mut header = table.headers.clone();
    header.push(messages.import_line.to_owned());
    header.push(messages.import_reasons.to_owned());
    out.push_str(&clean::csv_line::write_row(&header));
    for rejection in rejections {
        let mut cells: Vec<String> =
            serde_json::from_str(&rejection.cells).map_err(AppError::internal)?;
        cells.resize(table.headers.len(), String::new());
        let reasons: FieldErrors =
            serde_json::from_str(&rejection.reasons).map_err(AppError::internal)?;
        cells.push(rejection.line.to_string());
        cells.push(messages.row_reasons(&reasons));
        out.push_str(&clean::csv_line::write_row(&cells));
    }
    Ok(out)
}

/// The user's recent imports, newest first.
pub async fn recent(
    conn: &DatabaseConnection,
    actor: &Actor,
) -> Result<Vec<ImportSummary>, AppError> {
    policy::require(conn, actor, Action::ImportCustomers, "import").await?;
    let models = import_job::Entity::find()
        .select_only()
        .columns([
            import_job::Column::Id,
            import_job::Column::Kind,
            import_job::Column::Status,
            import_job::Column::FileName,
            import_job::Column::Created,
            import_job::Column::Updated,
            import_job::Column::Rejected,
            import_job::Column::CreatedAt,
        ])
        .filter(import_job::Column::Status.ne(ImportStatus::Draft.as_str()))
        .order_by_desc(import_job::Column::CreatedAt)
        .limit(20)
        .into_tuple::<(Uuid, String, String, String, i32, i32, i32, DateTime<Utc>)>()
        .all(conn)
        .await?;
    let count = |n: i32| u64::try_from(n).unwrap_or_default();
    Ok(models
        .into_iter()
        .filter_map(
            |(id, kind, status, file_name, created, updated, rejected, created_at)| {
                Some(ImportSummary {
                    id,
                    kind: ImportKind::parse(&kind)?,
                    status: ImportStatus::parse(&status)?,
                    file_name,
                    created: count(created),
                    updated: count(updated),
                    rejected: count(rejected),
                    created_at,
                })
            },
        )
        .collect())
}

/// Everything an import would do, without doing it: the batches run in one transaction that
/// is rolled back. For `banyan import --dry-run`.
pub async fn dry_run(
    conn: &DatabaseConnection,
    actor: &Actor,
    kind: ImportKind,
    bytes: &[u8],
    options: ImportOptions,
) -> Result<(ImportJob, Vec<(u64, FieldErrors)>), AppError> {
    policy::require(conn, actor, Action::ImportCustomers, "import").await?;
    let content = table::decode(bytes).map_err(|why| AppError::invalid("file", why))?;
    let table = table::read(&content).map_err(|why| AppError::invalid("file", why))?;
    let country = settings::service::get(conn)
        .await?
        .map(|s| s.country)
        .unwrap_or_default();
    check_options(kind, &table.headers, &options)?;
    let ctx = context(conn, &actor.user, kind, options.clone()).await?;
    let id = Uuid::now_v7();
    let mut writer = Writer {
        job: id,
        user: actor.user.id,
        on_duplicate: options.on_duplicate,
        match_keys: options.match_keys.clone(),
        country,
        now: Utc::now(),
        companies: HashMap::new(),
    };
    let txn = conn.begin().await?;
    let mut job = ImportJob {
        id,
        kind,
        status: ImportStatus::Done,
        file_name: String::new(),
        headers: table.headers.clone(),
        options,
        total: table.rows.len() as u64,
        processed: 0,
        created: 0,
        updated: 0,
        skipped: 0,
        rejected: 0,
        created_at: writer.now,
        finished_at: None,
    };
    let mut rejected = Vec::new();
    for rows in table.rows.chunks(BATCH) {
        let tally = write_batch(&txn, &ctx, &mut writer, rows).await?;
        job.processed += rows.len() as u64;
        job.created += tally.created as u64;
        job.updated += tally.updated as u64;
        job.skipped += tally.skipped as u64;
        job.rejected += tally.rejected.len() as u64;
        rejected.extend(tally.rejected.into_iter().map(|(line, _, why)| (line, why)));
    }
    txn.rollback().await?;
    Ok((job, rejected))
}
