defmodule Shop.Blog do
  use Ash.Domain

  resources do
    resource Shop.Blog.Post
    resource Shop.Blog.Comment
    resource Shop.Blog.Tag
    # Read-only
    resource Shop.Blog.Archive
  end
end
