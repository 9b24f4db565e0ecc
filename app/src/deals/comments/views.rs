mod comments;

pub use comments::Comments;
