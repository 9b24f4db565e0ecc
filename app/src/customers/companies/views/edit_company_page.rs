use leptos::prelude::*;

use crate::customers::api::list_assignees;
use crate::customers::companies::api::{UpdateCompany, get_company};
use crate::error::AppError;
use crate::i18n::use_messages;
use crate::ui::form::{Field, FormAlert, Select, answer_of, errors_of};
use crate::ui::loading::Loading;
use crate::ui::page::Page;
use crate::ui::params::use_id_param;

/// Edits a company. The form names the version it was filled from, so a save that arrives
/// after someone else's is refused instead of overwriting it.
#[component]
pub fn EditCompanyPage() -> impl IntoView {
    let t = use_messages();
    let id = use_id_param();
    let update = ServerAction::<UpdateCompany>::new();
    let answer = answer_of(update);
    let data = Resource::new(id, |id| async move {
        let id = id.ok_or(AppError::NotFound)?;
        Ok::<_, AppError>((get_company(id).await?, list_assignees().await?))
    });
    view! {
        <Page title=t.company_edit>
            <section class="card">
                <Loading>
                    {move || Suspend::new(async move {
                        data.await.map(|(c, assignees)| {
                            let e = move |field| errors_of(answer, field);
                            let text = |value: Option<String>| value.unwrap_or_default();
                            let mut owners = vec![(String::new(), t.nobody.to_owned())];
                            owners.extend(assignees.into_iter().map(|a| (a.id.to_string(), a.name)));
                            let back = format!("/companies/{}", c.id);
                            view! {
                                <ActionForm action=update>
                                    <input type="hidden" name="id" value=c.id.to_string() />
                                    <input type="hidden" name="version" value=c.version.to_string() />
                                    <div class="grid-form">
                                        <Field label=t.field_name name="name" group="form" value=c.name required=true errors=e("name") />
                                        <Field label=t.field_website name="website" group="form" value=text(c.website) errors=e("website") />
                                        <Field label=t.field_email name="email" group="form" kind="email" value=text(c.email) errors=e("email") />
                                        <Field label=t.field_phone name="phone" group="form" kind="tel" value=text(c.phone) errors=e("phone") />
                                        <Field label=t.field_city name="city" group="form" value=text(c.city) errors=e("city") />
                                        <Field label=t.field_country name="country" group="form" value=text(c.country) errors=e("country") hint=t.field_country_hint />
                                        <Field label=t.field_industry name="industry" group="form" value=text(c.industry) errors=e("industry") />
                                        <Select
                                            label=t.field_owner
                                            name="owner_id"
                                            group="form"
                                            options=owners
                                            selected=c.owner_id.map(|id| id.to_string()).unwrap_or_default()
                                            errors=e("owner_id")
                                        />
                                    </div>
                                    <FormAlert answer />
                                    <div class="actions">
                                        <button class="button" type="submit" disabled=update.pending()>{t.save}</button>
                                        <a href=back>{t.cancel}</a>
                                    </div>
                                </ActionForm>
                            }
                        })
                    })}
                </Loading>
            </section>
        </Page>
    }
}
