use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::KeptContacts;
use crate::core::code::TextCode;
use crate::core::offline::use_reach;
use crate::core::policy::{self, Action, Rules};
use crate::customers::api::{list_assignees, list_contacts};
use crate::customers::segments::api::list_segments;
use crate::customers::segments::views::SaveFilters;
use crate::customers::types::{ContactPage, ContactQuery, ContactRow, Lifecycle, Sort, Source};
use crate::i18n::{Messages, use_messages};
use crate::saved_views::views::SavedViews;
use crate::ui::form::{Field, Select};
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::viewer::use_viewer;

/// The contacts list: search, filters, live or archived, by name or newest, a page at a time,
/// and the user's saved views of it. The search is a plain GET form and the pages are links,
/// so it all works without JavaScript.
#[component]
pub fn ContactsPage() -> impl IntoView {
    let t = use_messages();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| ContactQuery::from_params(|name| p.get(name))));
    // Offline the list comes from the device's copy, searched by name alone; the filters,
    // saved views and exports need the server.
    if let Some(kept) = use_context::<KeptContacts>().filter(|_| use_reach().working_offline()) {
        let contacts = LocalResource::new(move || (kept.list)(query.get().q));
        return view! {
            <Page title=t.contacts_title>
                <div class="toolbar">
                    <form method="get" action="/contacts" class="search" role="search">
                        <input type="search" name="q" value=move || query.get().q aria-label=t.search placeholder=t.contacts_search_hint />
                    </form>
                    <A href="/contacts/new" attr:class="button">{t.contact_new}</A>
                </div>
                <Loading>
                    {move || Suspend::new(async move {
                        contacts.await.map(|page| view! { <ContactList page /> })
                    })}
                </Loading>
            </Page>
        }
        .into_any();
    }
    let contacts = Resource::new(move || query.get(), list_contacts);
    view! {
        <Page title=t.contacts_title>
            <div class="toolbar">
                <form method="get" action="/contacts" class="search" role="search">
                    {move || view! { <SearchFields query=query.get() /> }}
                </form>
                <A href="/contacts/new" attr:class="button">{t.contact_new}</A>
                <DataLinks />
            </div>
            <SavedViews list="contacts" />
            <SaveFilters query />
            <Exports />
            <Loading>
                {move || Suspend::new(async move {
                    contacts.await.map(|page| view! { <ContactList page /> })
                })}
            </Loading>
        </Page>
    }
    .into_any()
}

/// The ways to the import and duplicates screens, for those who may use them.
#[component]
fn DataLinks() -> impl IntoView {
    let t = use_messages();
    let viewer = use_viewer();
    view! {
        <Transition>
            {move || Suspend::new(async move {
                let viewer = viewer.await.ok().flatten();
                let may = |action| {
                    viewer
                        .as_ref()
                        .is_some_and(|viewer| policy::allows(&viewer.user, action, Rules::default()))
                };
                view! {
                    {may(Action::ImportCustomers).then(|| view! { <A href="/import" attr:class="button secondary">{t.import_title}</A> })}
                    {may(Action::MergeCustomers).then(|| view! { <A href="/contacts/duplicates" attr:class="button secondary">{t.duplicates_title}</A> })}
                }
            })}
        </Transition>
    }
}

/// Links that download the list as it is narrowed now, every page of it.
#[component]
fn Exports() -> impl IntoView {
    let t = use_messages();
    let params = use_query_map();
    let href = move |format: &str| {
        let mut params = params.get();
        params.remove("after");
        params.replace("format", format.to_owned());
        format!("/api/export/contacts{}", params.to_query_string())
    };
    view! {
        <p class="exports muted">
            {t.export_label} " " <a href=move || href("csv") download>"CSV"</a> " · "
            <a href=move || href("json") download>"JSON"</a>
        </p>
    }
}

fn any_and(
    t: &'static Messages,
    options: impl IntoIterator<Item = (String, String)>,
) -> Vec<(String, String)> {
    std::iter::once((String::new(), t.filter_any.to_owned()))
        .chain(options)
        .collect()
}

/// The search box, the order, and the filters, filled in from the address.
#[component]
fn SearchFields(query: ContactQuery) -> impl IntoView {
    let t = use_messages();
    let assignees = Resource::new(|| (), |_| list_assignees());
    let segments = Resource::new(|| (), |_| list_segments());
    let lifecycles = Lifecycle::ALL
        .iter()
        .map(|l| (l.as_str().to_owned(), t.lifecycle(*l).to_owned()));
    let sources = Source::ALL
        .iter()
        .map(|s| (s.as_str().to_owned(), t.source(*s).to_owned()));
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let owner = query.owner.map(|id| id.to_string()).unwrap_or_default();
    let segment = query.segment.map(|id| id.to_string()).unwrap_or_default();
    let count = query.filter_count();
    let filtered = count > 0;
    let filters_label = if count == 0 {
        t.filters.to_owned()
    } else {
        format!("{} ({count})", t.filters)
    };
    let newest = query.sort == Sort::Newest;
    view! {
        <label class="sr-only" for="contact-search">{t.search}</label>
        <input
            id="contact-search"
            type="search"
            name="q"
            value=query.q.clone()
            placeholder=t.contacts_search_hint
        />
        <select name="sort" aria-label=t.sort_by>
            <option value="name" selected=!newest>{t.sort_name}</option>
            <option value="newest" selected=newest>{t.sort_newest}</option>
        </select>
        <label class="check">
            <input type="checkbox" name="archived" value="true" checked=query.archived />
            <span>{t.show_archived}</span>
        </label>
        {query.company.map(|id| view! { <input type="hidden" name="company" value=id.to_string() /> })}
        <details class="filters" open=filtered>
            <summary>{filters_label}</summary>
            <div class="filter-fields">
                <Transition fallback=|| ()>
                    {move || {
                        let (owner, segment) = (owner.clone(), segment.clone());
                        Suspend::new(async move {
                            let owners = assignees
                                .await
                                .unwrap_or_default()
                                .into_iter()
                                .map(|a| (a.id.to_string(), a.name));
                            let saved = segments
                                .await
                                .unwrap_or_default()
                                .into_iter()
                                .map(|s| (s.id.to_string(), s.name));
                            view! {
                                <Select label=t.field_owner name="owner" scope="filter" options=any_and(t, owners) selected=owner />
                                <Select label=t.filter_segment name="segment" scope="filter" options=any_and(t, saved) selected=segment />
                            }
                        })
                    }}
                </Transition>
                <Select label=t.field_lifecycle name="lifecycle" scope="filter" options=any_and(t, lifecycles) selected=query.lifecycle.map(|l| l.as_str()).unwrap_or_default() />
                <Select label=t.field_source name="source" scope="filter" options=any_and(t, sources) selected=query.source.map(|s| s.as_str()).unwrap_or_default() />
                <Field label=t.filter_tag name="tag" scope="filter" value=query.tag.unwrap_or_default() />
                <Field label=t.filter_created_from name="from" scope="filter" kind="date" value=day(query.created_from) />
                <Field label=t.filter_created_to name="to" scope="filter" kind="date" value=day(query.created_to) />
                <a class="button secondary" href="/contacts">{t.filter_clear}</a>
            </div>
        </details>
        <button class="button secondary" type="submit">{t.search}</button>
    }
    .into_any()
}

#[component]
fn ContactList(page: ContactPage) -> impl IntoView {
    let t = use_messages();
    let query = use_query_map();
    if page.rows.is_empty() {
        return view! { <p class="empty">{t.contacts_none}</p> }.into_any();
    }
    // The next page keeps the search and order, and resumes after this page's last row.
    let next = page.next.map(|after| {
        let mut params = query.get_untracked();
        params.replace("after", after);
        format!("/contacts{}", params.to_query_string())
    });
    view! {
        <ul class="rows card" data-testid="contacts">
            {page.rows.into_iter().map(|row| view! { <ContactLine row /> }).collect_view()}
        </ul>
        {next.map(|href| view! { <p class="pager"><A href=href attr:class="button secondary">{t.next_page}</A></p> })}
    }
    .into_any()
}

#[component]
fn ContactLine(row: ContactRow) -> impl IntoView {
    let t = use_messages();
    let details = [row.company_name, row.email, row.phone]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <li class="row">
            <a class="row-link" href=format!("/contacts/{}", row.id)>
                <strong>{row.name}</strong>
                <span class="badge">{t.lifecycle(row.lifecycle)}</span>
                <p class="muted">{details}</p>
            </a>
            <span class="muted owner">{row.owner_name}</span>
        </li>
    }
}
