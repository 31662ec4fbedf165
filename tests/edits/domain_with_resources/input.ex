defmodule Shop.Blog do
  use Ash.Domain, otp_app: :shop

  resources do
    resource Shop.Blog.Comment
  end
end
