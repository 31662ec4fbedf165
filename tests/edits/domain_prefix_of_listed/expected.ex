defmodule Shop.Blog do
  use Ash.Domain

  resources do
    resource Shop.Blog.Post10
    resource Shop.Blog.PostTag
    resource Shop.Blog.Post
  end
end
