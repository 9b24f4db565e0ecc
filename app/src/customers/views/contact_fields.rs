use leptos::prelude::*;

use crate::customers::types::{Assignee, Contact, Lifecycle, Source};

use crate::core::code::TextCode;
use crate::error::AppError;
use crate::i18n::{Messages, use_messages};
use crate::ui::form::{Answer, Field, Select, errors_of};

/// The options of a closed set, named in the reader's language.
fn named_options<T: TextCode>(name: impl Fn(T) -> &'static str) -> Vec<(String, String)> {
    T::ALL
        .iter()
        .map(|&v| (v.as_str().to_owned(), name(v).to_owned()))
        .collect()
}

/// The fields of the contact form, filled from `contact` when editing.
#[component]
pub fn ContactFields<T: Clone + Send + Sync + 'static>(
    contact: Option<Contact>,
    assignees: Vec<Assignee>,
    answer: Answer<T>,
) -> impl IntoView {
    let t: &'static Messages = use_messages();
    let c = contact.unwrap_or_else(blank);
    let text = |value: Option<String>| value.unwrap_or_default();
    let mut owners = vec![(String::new(), t.nobody.to_owned())];
    owners.extend(assignees.into_iter().map(|a| (a.id.to_string(), a.name)));
    let e = move |field| errors_of(answer, field);
    let lifecycles = named_options::<Lifecycle>(|l| t.lifecycle(l));
    let sources = named_options::<Source>(|s| t.source(s));
    view! {
        <div class="grid-form">
            <Field label=t.field_name name="name" group="form" value=c.name required=true errors=e("name") />
            <Field label=t.field_company name="company" group="form" value=text(c.company_name) errors=e("company") />
            <Field label=t.field_given_name name="given_name" group="form" value=text(c.given_name) errors=e("given_name") />
            <Field label=t.field_family_name name="family_name" group="form" value=text(c.family_name) errors=e("family_name") />
            <Field label=t.field_email name="email" group="form" kind="email" value=text(c.email) errors=e("email") />
            <Field label=t.field_phone name="phone" group="form" kind="tel" value=text(c.phone) errors=e("phone") />
            <Field label=t.field_wechat name="wechat_id" group="form" value=text(c.wechat_id) errors=e("wechat_id") />
            <Field label=t.field_city name="city" group="form" value=text(c.city) errors=e("city") />
            <Select
                label=t.field_lifecycle
                name="lifecycle"
                group="form"
                options=lifecycles
                selected=c.lifecycle.as_str()
                errors=e("lifecycle")
            />
            <Select
                label=t.field_source
                name="source"
                group="form"
                options=sources
                selected=c.source.as_str()
                errors=e("source")
            />
            <Select
                label=t.field_owner
                name="owner_id"
                group="form"
                options=owners
                selected=c.owner_id.map(|id| id.to_string()).unwrap_or_default()
                errors=e("owner_id")
            />
            <Field label=t.field_tags name="tags" group="form" value=c.tags.join(", ") errors=e("tags") />
            <label class="check">
                <input type="checkbox" name="form[marketing_consent]" value="on" checked=c.marketing_consent />
                <span>{t.field_marketing_consent}</span>
            </label>
        </div>
    }
}

/// A new contact: a lead from the web, not yet assigned.
fn blank() -> Contact {
    Contact {
        id: uuid::Uuid::nil(),
        name: String::new(),
        given_name: None,
        family_name: None,
        email: None,
        phone: None,
        wechat_id: None,
        city: None,
        company_id: None,
        company_name: None,
        source: Source::Web,
        lifecycle: Lifecycle::Lead,
        owner_id: None,
        owner_name: None,
        tags: Vec::new(),
        marketing_consent: false,
        unsubscribed: false,
        external_id: None,
        archived: false,
        version: 0,
        created_at: chrono::DateTime::UNIX_EPOCH,
        updated_at: chrono::DateTime::UNIX_EPOCH,
    }
}

/// The record as someone else saved it, shown when an edit arrives too late.
#[component]
pub fn ConflictNotice<T: Clone + Send + Sync + 'static>(answer: Answer<T>) -> impl IntoView {
    let t = use_messages();
    let current = move || match answer.get() {
        Some(Err(AppError::Conflict { current })) => {
            serde_json::from_value::<Contact>(current).ok()
        }
        _ => None,
    };
    move || {
        current().map(|c| {
            let facts = [
                (t.field_name, Some(c.name)),
                (t.field_company, c.company_name),
                (t.field_email, c.email),
                (t.field_phone, c.phone),
                (t.field_city, c.city),
                (t.field_lifecycle, Some(t.lifecycle(c.lifecycle).to_owned())),
                (t.field_owner, c.owner_name),
            ];
            view! {
                <div class="alert error" role="alert" data-testid="conflict">
                    <strong>{t.error_conflict}</strong>
                    <p>{t.conflict_current}</p>
                    <dl class="facts">
                        {facts
                            .into_iter()
                            .map(|(label, value)| view! { <dt>{label}</dt><dd>{value.unwrap_or_default()}</dd> })
                            .collect_view()}
                    </dl>
                    <p>{t.conflict_next}</p>
                </div>
            }
        })
    }
}
