use leptos::prelude::*;
use uuid::Uuid;

use crate::i18n::use_messages;
use crate::tickets::attachments::api::DiscardAttachment;
use crate::tickets::attachments::types::{Attachment, size_text};

/// A file of the reply being written: on its way up, kept, or refused with why.
#[derive(Clone, Debug, PartialEq)]
pub enum Upload {
    Sending { key: u32, name: String },
    Kept(Attachment),
    Failed { key: u32, name: String, why: String },
}

/// The composer's files; they live with the page, like the draft, so that a refused reply
/// keeps them.
pub type Uploads = RwSignal<Vec<Upload>>;

/// Attaches files to the reply or note being written: each is uploaded as soon as it is
/// chosen, and the kept ones go with the reply as hidden fields.
#[component]
pub fn FilePicker(ticket: Uuid, uploads: Uploads) -> impl IntoView {
    let t = use_messages();
    let discard = ServerAction::<DiscardAttachment>::new();
    let pick = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        upload::picked(&ev, ticket, uploads, t);
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, ticket);
    };
    let remove = move |index: usize| {
        let gone = uploads.try_update(|list| (index < list.len()).then(|| list.remove(index)));
        if let Some(Some(Upload::Kept(file))) = gone {
            discard.dispatch(DiscardAttachment { id: file.id });
        }
    };
    let line = move |(index, upload): (usize, Upload)| {
        let (name, state, class) = match upload {
            Upload::Sending { name, .. } => (name, t.upload_sending.to_owned(), "sending"),
            Upload::Kept(file) => (file.file_name, size_text(file.size), "kept"),
            Upload::Failed { name, why, .. } => (name, why, "failed"),
        };
        view! {
            <li class=format!("upload {class}") data-testid="upload">
                <span>{name}</span>
                <span class="muted">{state}</span>
                <button type="button" class="link-button" aria-label=t.remove on:click=move |_| remove(index)>"✕"</button>
            </li>
        }
    };
    view! {
        <div class="files">
            <label class="button secondary file-button">
                <span>{t.composer_attach}</span>
                <input type="file" multiple class="sr-only" on:change=pick data-testid="file-picker" />
            </label>
            <ul class="uploads">{move || uploads.get().into_iter().enumerate().map(line).collect_view()}</ul>
            {move || {
                let kept: Vec<Uuid> = uploads.with(|list| list.iter().filter_map(|u| match u {
                    Upload::Kept(file) => Some(file.id),
                    _ => None,
                }).collect());
                kept.into_iter().enumerate().map(|(i, id)| view! {
                    <input type="hidden" name=format!("form[files][{i}]") value=id.to_string() />
                }).collect_view()
            }}
        </div>
    }
}

/// Sending files from the browser: a plain multipart POST, which the server takes without
/// holding the whole reply.
#[cfg(feature = "hydrate")]
mod upload {
    use std::sync::atomic::{AtomicU32, Ordering};

    use leptos::prelude::*;
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{File, FormData, HtmlInputElement};
    use uuid::Uuid;

    use super::{Upload, Uploads};
    use crate::error::{AppError, Invalid, Problem};
    use crate::i18n::Messages;
    use crate::tickets::attachments::types::Attachment;
    use clean::file_kind::MAX_FILE_BYTES;

    static NEXT: AtomicU32 = AtomicU32::new(0);

    pub fn picked(ev: &leptos::ev::Event, ticket: Uuid, uploads: Uploads, t: &'static Messages) {
        let Some(input) = ev
            .target()
            .and_then(|target| target.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        if let Some(list) = input.files() {
            for file in (0..list.length()).filter_map(|i| list.get(i)) {
                start(ticket, file, uploads, t);
            }
        }
        // The same file may be picked again after it was removed.
        input.set_value("");
    }

    fn start(ticket: Uuid, file: File, uploads: Uploads, t: &'static Messages) {
        let key = NEXT.fetch_add(1, Ordering::Relaxed);
        let name = file.name();
        uploads.update(|list| {
            list.push(Upload::Sending {
                key,
                name: name.clone(),
            })
        });
        leptos::task::spawn_local(async move {
            let done = match send(ticket, &file).await {
                Ok(kept) => Upload::Kept(kept),
                Err(err) => Upload::Failed {
                    key,
                    name,
                    why: t.refusal(&err),
                },
            };
            uploads.update(|list| {
                let here = list
                    .iter_mut()
                    .find(|u| matches!(u, Upload::Sending { key: k, .. } if *k == key));
                if let Some(here) = here {
                    *here = done;
                }
            });
        });
    }

    async fn send(ticket: Uuid, file: &File) -> Result<Attachment, AppError> {
        // Refused before it travels: the server would refuse it after.
        if file.size() > MAX_FILE_BYTES as f64 {
            let max_mb = MAX_FILE_BYTES / 1024 / 1024;
            return Err(AppError::invalid("file", Invalid::FileTooLarge { max_mb }));
        }
        let failed = |err: String| AppError::Transport(err);
        let form = FormData::new().map_err(|_| failed("FormData".into()))?;
        form.append_with_blob_and_filename("file", file, &file.name())
            .map_err(|_| failed("FormData".into()))?;
        let response = gloo_net::http::Request::post(&format!("/api/tickets/{ticket}/attachments"))
            .body(form)
            .map_err(|err| failed(err.to_string()))?
            .send()
            .await
            .map_err(|err| failed(err.to_string()))?;
        if response.ok() {
            response
                .json::<Attachment>()
                .await
                .map_err(|err| failed(err.to_string()))
        } else {
            // The server's problem details carry the error itself.
            Err(response
                .json::<Problem>()
                .await
                .map_or_else(|err| failed(err.to_string()), |problem| problem.error))
        }
    }
}
