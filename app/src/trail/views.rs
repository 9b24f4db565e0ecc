use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

use super::api::{CheckTrail, get_trail};
use super::types::{RECORD_TYPES, TrailEntry, TrailPage, TrailQuery, record_href};
use crate::core::actor::Viewer;
use crate::core::policy::{self, Action, Rules};
use crate::customers::views::ContactPanel;
use crate::i18n::{Locale, Messages, fill, format, use_messages};
use crate::ui::form::{FormAlert, answer_of, option_list};
use crate::ui::loading::Loading;
use crate::ui::page::Page;

/// The query a page's address asks for.
fn query_of(params: &leptos_router::params::ParamsMap) -> TrailQuery {
    let text = |name: &str| params.get(name).unwrap_or_default();
    let id = |name: &str| params.get(name).and_then(|v| Uuid::parse_str(&v).ok());
    TrailQuery {
        person: id("person"),
        record_type: text("record_type"),
        record: id("record"),
        action: text("action"),
        from: text("from"),
        to: text("to"),
        before: params.get("before").filter(|b| !b.is_empty()),
    }
}

/// The address of `query`'s page, or of its CSV under `/api/audit.csv`.
fn href(base: &str, query: &TrailQuery) -> String {
    let mut params = leptos_router::params::ParamsMap::new();
    let before = query.before.clone().map(|before| ("before", before));
    for (name, value) in form_pairs(query).into_iter().chain(before) {
        if !value.is_empty() {
            params.insert(name, value);
        }
    }
    format!("{base}{}", params.to_query_string())
}

fn form_pairs(query: &TrailQuery) -> Vec<(&'static str, String)> {
    let id = |id: Option<Uuid>| id.map(|id| id.to_string()).unwrap_or_default();
    vec![
        ("person", id(query.person)),
        ("record_type", query.record_type.clone()),
        ("record", id(query.record)),
        ("action", query.action.clone()),
        ("from", query.from.clone()),
        ("to", query.to.clone()),
    ]
}

/// What a kind of record is called.
fn kind(t: &Messages, record_type: &str) -> &'static str {
    match record_type {
        "contact" => t.trail_kind_contact,
        "company" => t.trail_kind_company,
        "deal" => t.trail_kind_deal,
        "task" => t.trail_kind_task,
        "ticket" => t.trail_kind_ticket,
        "campaign" => t.trail_kind_campaign,
        "automation_rule" => t.trail_kind_rule,
        "import" => t.trail_kind_import,
        "user" => t.trail_kind_user,
        "settings" | "webhook" => t.trail_kind_settings,
        "desk" => t.trail_kind_desk,
        "backup" => t.trail_kind_backup,
        _ => t.trail_kind_other,
    }
}

/// The audit trail, for owners and managers: filters, the entries newest first, the chain's
/// check and the CSV of what the filters hold.
#[component]
pub fn AuditPage() -> impl IntoView {
    let t = use_messages();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(query_of));
    let trail = Resource::new(move || query.get(), get_trail);
    view! {
        <Page title=t.trail_title>
            <ChainCard />
            <Loading>
                {move || Suspend::new(async move {
                    let query = query.get_untracked();
                    trail.await.map(|page| view! { <Trail page query /> })
                })}
            </Loading>
        </Page>
    }
}

#[component]
fn ChainCard() -> impl IntoView {
    let t = use_messages();
    let check = ServerAction::<CheckTrail>::new();
    let answer = answer_of(check);
    let verdict = move || {
        answer.get().and_then(Result::ok).map(|v| match v.broken_at {
            None => view! {
                <p class="ok" role="status">{fill(t.trail_chain_holds, &[("count", &v.linked.to_string())])}</p>
            },
            Some(at) => view! {
                <p class="alert" role="alert">{fill(t.trail_chain_broken, &[("place", &at.to_string())])}</p>
            },
        })
    };
    view! {
        <section class="card" data-testid="trail-chain">
            <p class="muted">{t.trail_chain_hint}</p>
            <ActionForm action=check>
                <FormAlert answer />
                {verdict}
                <button class="button secondary" type="submit" disabled=check.pending()>
                    {move || if check.pending().get() { t.trail_checking } else { t.trail_check }}
                </button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Trail(page: TrailPage, query: TrailQuery) -> impl IntoView {
    let t = use_messages();
    let people: Vec<(String, String)> = std::iter::once((String::new(), t.trail_anyone.to_owned()))
        .chain(
            page.people
                .iter()
                .map(|(id, name)| (id.to_string(), name.clone())),
        )
        .collect();
    let kinds: Vec<(String, String)> =
        std::iter::once((String::new(), t.trail_any_kind.to_owned()))
            .chain(
                RECORD_TYPES
                    .iter()
                    .map(|k| ((*k).to_owned(), kind(t, k).to_owned())),
            )
            .collect();
    let person = query.person.map(|id| id.to_string()).unwrap_or_default();
    let csv = href(
        "/api/audit.csv",
        &TrailQuery {
            before: None,
            ..query.clone()
        },
    );
    let older = page.next.clone().map(|before| {
        href(
            "/audit",
            &TrailQuery {
                before: Some(before),
                ..query.clone()
            },
        )
    });
    view! {
        <form method="get" action="/audit" class="card filter-fields" role="search" data-testid="trail-filters">
            {query.record.map(|id| view! { <input type="hidden" name="record" value=id.to_string() /> })}
            <div class="field">
                <label for="trail-person">{t.trail_person}</label>
                <select id="trail-person" name="person">{option_list(people.into(), &person)}</select>
            </div>
            <div class="field">
                <label for="trail-kind">{t.trail_kind}</label>
                <select id="trail-kind" name="record_type">{option_list(kinds.into(), &query.record_type)}</select>
            </div>
            <div class="field">
                <label for="trail-action">{t.trail_action}</label>
                <input id="trail-action" type="search" name="action" value=query.action.clone() />
            </div>
            <div class="field">
                <label for="trail-from">{t.trail_from}</label>
                <input id="trail-from" type="date" name="from" value=query.from.clone() />
            </div>
            <div class="field">
                <label for="trail-to">{t.trail_to}</label>
                <input id="trail-to" type="date" name="to" value=query.to.clone() />
            </div>
            <div class="actions">
                <button class="button" type="submit">{t.trail_filter}</button>
                <a class="button secondary" href="/audit">{t.trail_clear}</a>
                <a class="button secondary" href=csv download="audit.csv">{t.trail_csv}</a>
            </div>
        </form>
        <section class="card" data-testid="trail">
            <Entries entries=page.entries zone=page.zone />
            {older.map(|href| view! { <a class="button secondary" href=href>{t.trail_older}</a> })}
        </section>
    }
}

#[component]
fn Entries(entries: Vec<TrailEntry>, zone: String) -> impl IntoView {
    let t = use_messages();
    let locale = use_context::<Locale>().unwrap_or_default();
    if entries.is_empty() {
        return view! { <p class="muted">{t.trail_none}</p> }.into_any();
    }
    view! {
        <ul class="rows trail">
            {entries.into_iter().map(|entry| {
                let when = format::datetime(entry.at, &zone, locale);
                let who = entry.who.clone().unwrap_or_else(|| t.trail_system.to_owned());
                let record = entry.record_label.clone().unwrap_or_else(|| kind(t, &entry.record_type).to_owned());
                let link = entry.record_id.and_then(|id| record_href(&entry.record_type, id));
                view! {
                    <li class="row">
                        <div>
                            <p><strong>{who}</strong> " · " <code>{entry.action.clone()}</code> " · "
                                {match link {
                                    Some(href) => view! { <a href=href>{record}</a> }.into_any(),
                                    None => view! { <span>{record}</span> }.into_any(),
                                }}
                            </p>
                            <p class="muted">{when}</p>
                            {(!entry.changes.is_empty()).then(|| view! {
                                <dl class="changes">
                                    {entry.changes.into_iter().map(|c| view! {
                                        <dt>{c.field}</dt>
                                        <dd>
                                            {(!c.before.is_empty()).then(|| view! { <del>{c.before}</del> " → " })}
                                            <ins>{c.after}</ins>
                                        </dd>
                                    }).collect_view()}
                                </dl>
                            })}
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// A contact's own history, on their page, for those who read the trail.
pub fn contact_history_section(panel: &ContactPanel) -> AnyView {
    record_history("contact", panel.contact.id, panel.viewer)
}

/// A record's changes on its page, for whoever reads the trail (see `ui::record_changes`).
pub fn record_history(record_type: &'static str, id: Uuid, viewer: &Viewer) -> AnyView {
    if !policy::allows(&viewer.user, Action::ReadAudit, Rules::default()) {
        return ().into_any();
    }
    let zone = viewer.time_zone.clone();
    view! { <RecordHistory record_type id zone /> }.into_any()
}

/// What was done to one record, newest first, with the way to the rest on the trail's screen.
#[component]
fn RecordHistory(record_type: &'static str, id: Uuid, zone: String) -> impl IntoView {
    let t = use_messages();
    let query = TrailQuery {
        record_type: record_type.to_owned(),
        record: Some(id),
        ..TrailQuery::default()
    };
    let all = href("/audit", &query);
    let history = Resource::new(move || query.clone(), get_trail);
    view! {
        <section class="card" data-testid="record-history">
            <h2>{t.trail_record_title}</h2>
            <Transition fallback=|| ()>
                {move || {
                    let zone = zone.clone();
                    Suspend::new(async move {
                        history.await.ok().map(|page| view! { <Entries entries=page.entries zone /> })
                    })
                }}
            </Transition>
            <a href=all>{t.trail_record_all}</a>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_carries_the_filters_and_the_cursor_escaped() {
        let query = TrailQuery {
            action: "deal & co".into(),
            before: Some("abc".into()),
            ..TrailQuery::default()
        };
        let link = href("/audit", &query);
        assert_eq!(link, "/audit?action=deal%20%26%20co&before=abc");
        assert_eq!(href("/audit", &TrailQuery::default()), "/audit");
    }
}
