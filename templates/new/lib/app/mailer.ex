defmodule {= module =}.Mailer do
  use Swoosh.Mailer, otp_app: :{= app =}
end
