//! `banyan import contacts|companies|orders FILE`: the import of the web page, from a shell,
//! with the same cleaning, matching and report.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

use app::core::code::TextCode;
use app::customers::import::service;
use app::customers::import::types::{
    DayOrder, Field, ImportJob, ImportKind, ImportOptions, ImportStatus, MatchKey, OnDuplicate,
};
use app::error::AppError;
use app::i18n::Messages;
use sea_orm::DatabaseConnection;

use crate::Outcome;
use crate::cli::{actor, cli_locale, explain};

/// What `banyan import` was asked to do.
#[derive(clap::Args)]
pub struct ImportArgs {
    /// contacts, companies or orders
    kind: String,
    /// A CSV file: UTF-8 (with or without BOM), UTF-16 or GB18030; `,` `;` or tab separated.
    file: PathBuf,
    /// A JSON object from header to field (`{"手机": "phone", "备注": null}`); headers left
    /// out keep the guessed field.
    #[arg(long)]
    mapping: Option<PathBuf>,
    /// skip, update or create
    #[arg(long, default_value = "skip")]
    on_duplicate: String,
    /// Contacts only: comma-separated keys that make two rows the same person
    /// (email, phone, name_company).
    #[arg(long = "match", value_delimiter = ',')]
    match_keys: Vec<String>,
    /// How to read 05/03/2024: day-first or month-first.
    #[arg(long)]
    day_order: Option<String>,
    /// Clean, match and count, then write nothing.
    #[arg(long)]
    dry_run: bool,
    /// The user the import is made as (an owner or manager); the first owner by default.
    #[arg(long = "as")]
    as_user: Option<String>,
    /// Where to write the rejected rows with their reasons, as CSV.
    #[arg(long)]
    rejected: Option<PathBuf>,
}

pub async fn run(conn: &DatabaseConnection, args: ImportArgs) -> Outcome {
    let kind = ImportKind::parse(&args.kind).ok_or("the kind is contacts, companies or orders")?;
    let bytes = std::fs::read(&args.file)?;
    let actor = actor(conn, args.as_user.as_deref()).await?;
    let messages = cli_locale().messages();
    let options = options(conn, kind, &bytes, &args, messages).await?;
    print_mapping(&options, kind, &bytes, messages)?;
    if args.dry_run {
        let (job, rejected) = service::dry_run(conn, &actor, kind, &bytes, options)
            .await
            .map_err(|err| refused(messages, &err))?;
        report(&job, messages);
        for (line, reasons) in rejected.iter().take(50) {
            println!(
                "  {} {line}: {}",
                messages.import_line,
                messages.row_reasons(reasons)
            );
        }
        println!("(dry run: nothing was written)");
        return Ok(());
    }
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let draft = service::upload(conn, &actor, kind, &name, &bytes)
        .await
        .map_err(|err| refused(messages, &err))?;
    service::start(conn, &actor, draft.id, options)
        .await
        .map_err(|err| refused(messages, &err))?;
    let never = || false;
    let progress = |job: &ImportJob| {
        eprint!(
            "\r{}",
            app::i18n::fill(
                messages.import_progress,
                &[
                    ("processed", &job.processed.to_string()),
                    ("total", &job.total.to_string()),
                ]
            )
        );
        let _ = std::io::stderr().flush();
    };
    let ran = service::run(conn, draft.id, &never, progress)
        .await
        .map_err(|err| refused(messages, &err))?;
    let job = match ran {
        Some(job) => job,
        // A server running on the same data took the queued job first: follow it to its end.
        None => loop {
            let job = service::get(conn, &actor, draft.id)
                .await
                .map_err(|err| refused(messages, &err))?;
            progress(&job);
            match job.status {
                ImportStatus::Done => break job,
                ImportStatus::Failed => return Err("the import stopped with an error".into()),
                _ => tokio::time::sleep(std::time::Duration::from_millis(200)).await,
            }
        },
    };
    eprintln!();
    report(&job, messages);
    if job.rejected > 0 {
        let csv = service::rejected_csv(conn, &actor, job.id, messages)
            .await
            .map_err(|err| refused(messages, &err))?;
        match &args.rejected {
            Some(path) => {
                std::fs::write(path, csv)?;
                println!("{}: {}", messages.import_download_rejected, path.display());
            }
            None => print!("{}", csv.trim_start_matches('\u{feff}')),
        }
    }
    Ok(())
}

async fn options(
    conn: &DatabaseConnection,
    kind: ImportKind,
    bytes: &[u8],
    args: &ImportArgs,
    messages: &Messages,
) -> Result<ImportOptions, crate::Error> {
    let headers = headers(bytes, messages)?;
    let country = app::core::settings::service::get(conn)
        .await?
        .map(|s| s.country)
        .unwrap_or_default();
    let mut options = service::first_options(kind, &headers, &country);
    if let Some(path) = &args.mapping {
        let mapping: HashMap<String, Option<String>> =
            serde_json::from_slice(&std::fs::read(path)?)?;
        for (header, field) in mapping {
            let column = headers
                .iter()
                .position(|h| *h == header)
                .ok_or_else(|| format!("the file has no column {header:?}"))?;
            options.columns[column] = match field {
                Some(field) => {
                    Some(Field::parse(&field).ok_or_else(|| format!("{field:?} is no field"))?)
                }
                None => None,
            };
        }
    }
    options.on_duplicate =
        OnDuplicate::parse(&args.on_duplicate).ok_or("--on-duplicate is skip, update or create")?;
    if !args.match_keys.is_empty() {
        options.match_keys = args
            .match_keys
            .iter()
            .map(|k| MatchKey::parse(k.trim()).ok_or(format!("{k:?} is no match key")))
            .collect::<Result<_, _>>()?;
    }
    options.day_order = match args.day_order.as_deref() {
        None => options.day_order,
        Some("day-first") => DayOrder::DayFirst,
        Some("month-first") => DayOrder::MonthFirst,
        Some(other) => {
            return Err(format!("{other:?}: --day-order is day-first or month-first").into());
        }
    };
    Ok(options)
}

fn headers(bytes: &[u8], messages: &Messages) -> Result<Vec<String>, crate::Error> {
    let text = clean::table::decode(bytes).map_err(|why| messages.invalid(&why))?;
    Ok(clean::table::read(&text)
        .map_err(|why| messages.invalid(&why))?
        .headers)
}

fn print_mapping(
    options: &ImportOptions,
    kind: ImportKind,
    bytes: &[u8],
    messages: &Messages,
) -> Outcome {
    println!(
        "{} ({}):",
        messages.import_mapping,
        messages.import_kind(kind)
    );
    for (header, field) in headers(bytes, messages)?.iter().zip(&options.columns) {
        let field = field.map_or(messages.import_column_ignored, |f| messages.import_field(f));
        println!("  {header:<24} → {field}");
    }
    Ok(())
}

fn report(job: &ImportJob, messages: &Messages) {
    println!(
        "{}: {} {}, {} {}, {} {}, {} {}",
        messages.import_status(job.status),
        messages.import_created,
        job.created,
        messages.import_updated,
        job.updated,
        messages.import_skipped,
        job.skipped,
        messages.import_rejected,
        job.rejected,
    );
}

/// A refusal, naming the fields as the import page names them.
fn refused(t: &Messages, err: &AppError) -> String {
    explain(t, err, |field| {
        Field::parse(field).map_or_else(|| field.to_owned(), |f| t.import_field(f).to_owned())
    })
}
