defmodule Shop.Blog.Tag do
  use Ash.Resource,
    otp_app: :shop,
    domain: Shop.Blog,
    data_layer: AshPostgres.DataLayer,
    authorizers: [Ash.Policy.Authorizer]

  attributes do
    uuid_primary_key :id
  end
end
