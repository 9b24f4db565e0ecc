//! The pipelines screen: each pipeline's stages in board order, with their chance of winning,
//! kind and rotting days, edited in place by owners and managers.

mod pipeline_editor;
mod pipelines_page;

pub use pipelines_page::PipelinesPage;
