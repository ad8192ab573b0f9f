import fp from "fastify-plugin";

/**
 * On shutdown, Node's server stops accepting and closes idle keep-alive sockets once; a socket
 * busy with a request at that moment would then sit idle for the whole keep-alive timeout
 * (72 s in Fastify) and hold up the exit. Answering in-flight requests with
 * "Connection: close" lets each such socket end as soon as its response is sent.
 */
export const gracefulClosePlugin = fp(
  async (app) => {
    let closing = false;
    app.addHook("preClose", async () => {
      closing = true;
    });
    app.addHook("onSend", async (_request, reply) => {
      if (closing) reply.header("connection", "close");
    });
  },
  { name: "graceful-close" },
);
