// NestJS's main.ts, in plain JavaScript: the decorators are applied as functions (no
// emitDecoratorMetadata needed: nothing is injected). bootstrap() is called without await,
// so the server starts after the module has finished loading.
import process from 'node:process';
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

class QuotesController {
  today() {
    return { from: 'nest' };
  }
}
Controller('quotes')(QuotesController);
Get('today')(QuotesController.prototype, 'today', Object.getOwnPropertyDescriptor(QuotesController.prototype, 'today'));

class AppModule {}
Module({ controllers: [QuotesController] })(AppModule);

async function bootstrap() {
  const app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(Number(process.env.TSAPPA_FIXTURE_PORT));
  globalThis.tsappaFixture = { listened: await app.getUrl() };
}
bootstrap();
