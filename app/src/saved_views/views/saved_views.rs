use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::i18n::{fill, use_messages};
use crate::saved_views::api::{DeleteView, SaveView, list_saved_views};
use crate::saved_views::types::SavedView;
use crate::ui::fold::{Fold, fold_when_saved};
use crate::ui::form::{Field, FormAlert, answer_of, errors_of};
use crate::ui::toast::use_toasts;

/// The user's saved views of the list at `/{list}`, as links, with saving the list as it is
/// now under a name.
#[component]
pub fn SavedViews(list: &'static str) -> impl IntoView {
    let t = use_messages();
    let toasts = use_toasts();
    let save = ServerAction::<SaveView>::new();
    let delete = ServerAction::<DeleteView>::new();
    let views = Resource::new(
        move || (save.version().get(), delete.version().get()),
        move |_| list_saved_views(list.to_owned()),
    );
    let params = use_query_map();
    // A view is the list's narrowing, not a page of it.
    let current = move || {
        let mut params = params.get();
        params.remove("after");
        params.to_query_string()
    };
    let answer = answer_of(save);
    let (open, form) = (RwSignal::new(false), NodeRef::new());
    fold_when_saved(answer, open, form, move || toasts.show(t.view_saved));
    view! {
        <nav class="saved-views" aria-label=t.views_label>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    views
                        .await
                        .map(|views| {
                            views
                                .into_iter()
                                .map(|view| view! { <ViewChip list view delete current=current() /> })
                                .collect_view()
                        })
                })}
            </Transition>
            <Fold label=t.view_save testid="save-view" open>
                <ActionForm action=save node_ref=form attr:class="log-form">
                    <input type="hidden" name="list" value=list />
                    <input type="hidden" name="query" prop:value=current />
                    <Field label=t.view_name name="name" scope="view" required=true errors=errors_of(answer, "name") />
                    <FormAlert answer with_fields=false />
                    <button class="button" type="submit" disabled=save.pending()>{t.save}</button>
                </ActionForm>
            </Fold>
        </nav>
    }
    .into_any()
}

#[component]
fn ViewChip(
    list: &'static str,
    view: SavedView,
    delete: ServerAction<DeleteView>,
    current: String,
) -> impl IntoView {
    let t = use_messages();
    let here = (view.query == current).then_some("page");
    let label = fill(t.view_delete, &[("name", &view.name)]);
    view! {
        <span class="chip">
            <a href=format!("/{list}{}", view.query) aria-current=here>{view.name}</a>
            <ActionForm action=delete>
                <input type="hidden" name="id" value=view.id.to_string() />
                <button type="submit" class="chip-delete" title=label.clone() aria-label=label>"×"</button>
            </ActionForm>
        </span>
    }
}
