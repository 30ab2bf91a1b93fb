/**
 * A NestJS app with a task on a service method, the way a Nest project writes it (its tsconfig
 * sets experimentalDecorators and emitDecoratorMetadata). `app` is what tsappa.json's `app`
 * names; the service's instances come from the app's container.
 */
import 'reflect-metadata';
import { Controller, Injectable, Module, Post, SetMetadata, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { registerTaskInstances, task } from '../index.js';

@Injectable()
export class Templates {
  welcome(email: string): string {
    return `Welcome aboard, ${email}`;
  }
}

@Injectable()
export class MailService {
  /** what this instance sent */
  readonly sent: string[] = [];

  constructor(private readonly templates: Templates) {}

  @task()
  @SetMetadata('audit', 'welcome-mail') // metadata Nest keeps on the method itself
  async sendWelcome(email: string): Promise<string> {
    const text = this.templates.welcome(email);
    this.sent.push(text);
    return text;
  }
}

@Controller('users')
export class UsersController {
  constructor(private readonly mail: MailService) {}

  @Post()
  async create(): Promise<{ queued: unknown }> {
    // inside Lambda the call dispatches the task and gives its receipt
    const queued: unknown = await this.mail.sendWelcome('ann@example.com');
    return { queued };
  }
}

@Module({ controllers: [UsersController], providers: [MailService, Templates] })
export class AppModule {}

let nest: Promise<INestApplication> | undefined;

/** The Nest application, made once per container, by a request or by a task, whichever comes first. */
export function nestApp(): Promise<INestApplication> {
  return (nest ??= (async () => {
    const created = await NestFactory.create(AppModule, { logger: false, abortOnError: false });
    await created.init();
    return created;
  })());
}

export const app = async () => (await nestApp()).getHttpAdapter().getInstance();

registerTaskInstances(MailService, async (cls) => (await nestApp()).get(cls));
