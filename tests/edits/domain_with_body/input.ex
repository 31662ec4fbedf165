defmodule Shop.Blog do
  use Ash.Domain, otp_app: :shop, extensions: [AshPhoenix]

  resources do
    resource Shop.Blog.Comment do
      define :list_comments, action: :read
    end
  end
end
