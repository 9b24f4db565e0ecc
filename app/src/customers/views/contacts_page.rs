use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::customers::api::list_contacts;
use crate::customers::types::{ContactPage, ContactRow};
use crate::i18n::use_messages;
use crate::ui::page::Page;

/// The contacts list: search, live or archived, by name or newest, a page at a time. The
/// search is a plain GET form and the pages are links, so it all works without JavaScript.
#[component]
pub fn ContactsPage() -> impl IntoView {
    let t = use_messages();
    let query = use_query_map();
    let param = move |name: &str| query.with(|q| q.get(name)).filter(|v| !v.is_empty());
    let contacts = Resource::new(
        move || (param("q"), param("archived"), param("sort"), param("after")),
        |(q, archived, sort, after)| list_contacts(q, archived.map(|a| a == "true"), sort, after),
    );
    let q = move || param("q").unwrap_or_default();
    let archived = move || param("archived").as_deref() == Some("true");
    let newest = move || param("sort").as_deref() == Some("newest");
    view! {
        <Page title=t.contacts_title>
            <div class="toolbar">
                <form method="get" action="/contacts" class="search" role="search">
                    <label class="sr-only" for="contact-search">{t.search}</label>
                    <input
                        id="contact-search"
                        type="search"
                        name="q"
                        prop:value=q
                        placeholder=t.contacts_search_hint
                    />
                    <select name="sort" aria-label=t.sort_by>
                        <option value="name" selected=move || !newest()>{t.sort_name}</option>
                        <option value="newest" selected=newest>{t.sort_newest}</option>
                    </select>
                    <label class="check">
                        <input type="checkbox" name="archived" value="true" prop:checked=archived />
                        <span>{t.show_archived}</span>
                    </label>
                    <button class="button secondary" type="submit">{t.search}</button>
                </form>
                <A href="/contacts/new" attr:class="button">{t.contact_new}</A>
            </div>
            <Transition fallback=move || view! { <p class="muted">{t.loading}</p> }>
                {move || Suspend::new(async move {
                    contacts.await.map(|page| view! { <ContactList page /> })
                })}
            </Transition>
        </Page>
    }
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
