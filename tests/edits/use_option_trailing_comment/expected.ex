defmodule Shop.Blog.Post do
  use Ash.Resource,
    otp_app: :shop,
    # the blog domain
    domain: Shop.Blog,
    authorizers: [Ash.Policy.Authorizer]

  attributes do
    uuid_primary_key :id
  end
end
