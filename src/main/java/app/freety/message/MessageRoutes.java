package app.freety.message;

import app.freety.http.Edge;
import app.freety.http.Responses;
import app.freety.message.MessageRequests.BlockTarget;
import app.freety.message.MessageRequests.Blocks;
import app.freety.message.MessageRequests.ConversationRef;
import app.freety.message.MessageRequests.Conversations;
import app.freety.message.MessageRequests.History;
import app.freety.message.MessageRequests.MarkRead;
import app.freety.message.MessageRequests.Send;
import app.freety.message.MessageRequests.Start;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** HTTP side of conversations, messages and blocks. Every route needs a signed-in member. */
public final class MessageRoutes {
  private static final String CONVERSATION_ID = "conversationId";
  private final Edge edge;

  public MessageRoutes(Edge edge) {
    this.edge = edge;
  }

  public void mount(Router router, String base) {
    withJson(router.post(base + "/conversations").handler(edge::authenticate).handler(edge::acceptIdempotencyKey))
        .handler(this::start);
    router.get(base + "/conversations").handler(edge::authenticate).handler(this::conversations);
    router.get(base + "/conversations/:conversationId").handler(edge::authenticate).handler(this::conversation);
    router.get(base + "/conversations/:conversationId/messages").handler(edge::authenticate).handler(this::history);
    withJson(router.post(base + "/conversations/:conversationId/messages").handler(edge::authenticate)
        .handler(edge::acceptIdempotencyKey)).handler(this::send);
    withJson(router.post(base + "/conversations/:conversationId/read").handler(edge::authenticate))
        .handler(this::read);
    router.put(base + "/me/blocks/:memberId").handler(edge::authenticate).handler(this::block);
    router.delete(base + "/me/blocks/:memberId").handler(edge::authenticate).handler(this::unblock);
    router.get(base + "/me/blocks").handler(edge::authenticate).handler(this::blocks);
  }

  private Route withJson(Route route) {
    return route.handler(edge::requireJson).handler(edge::readBody).handler(edge::parseJsonObject);
  }

  /** 201 with Location for a new conversation, 200 with the one the pair already has. */
  private void start(RoutingContext ctx) {
    edge.ask(ctx, MessageAddresses.START, Start.from(Edge.json(ctx)))
        .onSuccess(started -> {
          JsonObject conversation = started.getJsonObject("conversation");
          if (started.getBoolean("created")) {
            Responses.created(ctx, "/api/v1/conversations/" + conversation.getLong("id"), conversation);
          } else {
            Responses.ok(ctx, conversation);
          }
        })
        .onFailure(ctx::fail);
  }

  private void conversations(RoutingContext ctx) {
    edge.answerOk(ctx, MessageAddresses.CONVERSATIONS, Conversations.from(Edge.queryAsJson(ctx)));
  }

  private void conversation(RoutingContext ctx) {
    edge.answerOk(ctx, MessageAddresses.CONVERSATION, new ConversationRef(Edge.pathId(ctx, CONVERSATION_ID)));
  }

  private void history(RoutingContext ctx) {
    edge.answerOk(ctx, MessageAddresses.HISTORY, History.from(Edge.pathId(ctx, CONVERSATION_ID), Edge.queryAsJson(ctx)));
  }

  /** 201 for a new message, 200 with the stored one when the clientMessageId was already sent. */
  private void send(RoutingContext ctx) {
    long conversationId = Edge.pathId(ctx, CONVERSATION_ID);
    edge.ask(ctx, MessageAddresses.SEND, Send.from(conversationId, Edge.json(ctx)))
        .onSuccess(sent -> {
          JsonObject message = sent.getJsonObject("message");
          if (sent.getBoolean("created")) {
            Responses.created(ctx, "/api/v1/conversations/" + conversationId + "/messages?after="
                + (message.getLong("id") - 1) + "&limit=1", message);
          } else {
            Responses.ok(ctx, message);
          }
        })
        .onFailure(ctx::fail);
  }

  private void read(RoutingContext ctx) {
    edge.answerOk(ctx, MessageAddresses.READ, MarkRead.from(Edge.pathId(ctx, CONVERSATION_ID), Edge.json(ctx)));
  }

  private void block(RoutingContext ctx) {
    edge.answerNoContent(ctx, MessageAddresses.BLOCK, target(ctx));
  }

  private void unblock(RoutingContext ctx) {
    edge.answerNoContent(ctx, MessageAddresses.UNBLOCK, target(ctx));
  }

  private void blocks(RoutingContext ctx) {
    edge.answerOk(ctx, MessageAddresses.BLOCKS, Blocks.from(Edge.queryAsJson(ctx)));
  }

  private static BlockTarget target(RoutingContext ctx) {
    return BlockTarget.of(Edge.caller(ctx).memberId(), Edge.pathId(ctx, "memberId"));
  }
}
