defmodule Shop.Blog do
  use Ash.Domain, otp_app: :shop, extensions: [AshPhoenix]

  resources do
    resource Shop.Blog.Comment do
      define :list_comments, action: :read
    end

    resource Shop.Blog.Post do
      define :list_posts, action: :read
      define :get_post, action: :read, get_by: :id
      define :create_post, action: :create
    end
  end
end
